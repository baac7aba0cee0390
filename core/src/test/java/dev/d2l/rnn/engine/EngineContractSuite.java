package dev.d2l.rnn.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.d2l.rnn.testing.EngineTestBase;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What this project relies on from every engine. Each engine module runs this suite against
 * its own engine; expected numbers are computed in plain Java here, never taken from another
 * engine.
 */
public abstract class EngineContractSuite extends EngineTestBase {

    private static final float TOLERANCE = 1e-6f;

    /** The native library version this build bundles. */
    protected abstract String expectedVersion();

    /** The capabilities engines/README.md ("Engine facts verified here") records for this engine. */
    protected abstract Set<Capability> expectedCapabilities();

    @Test
    void loadsOfflineAndReportsNameAndVersion() {
        assertEquals("true", System.getProperty("ai.djl.offline"), "contracts run with ai.djl.offline=true");
        assertEquals(engine(), Engines.get(engineName().toUpperCase()));
        assertEquals(engineName(), engine().getEngineName());
        assertEquals(expectedVersion(), engine().getVersion());
        assertTrue(Engines.available().contains(engineName()));
    }

    /** Engines tells glibc's allocator to keep freed memory before the engine loads. */
    @Test
    void freedNativeMemoryIsKeptOnceTheEngineIsLoaded() throws InterruptedException {
        assumeTrue(NativeAllocatorTest.countsPageFaults(), "glibc on Linux, untuned");
        NativeAllocatorTest.assertFewPageFaults();
    }

    /** Assignment keeps the array (and its gradient's attachment) and copies the bits, negative zero and NaN alike. */
    @Test
    void assignmentCopiesEveryBitIntoTheSameArray() {
        NDArray target = manager().zeros(new Shape(2, 2));
        boolean autograd = Capabilities.of(engine()).has(Capability.AUTOGRAD);
        if (autograd) {
            target.setRequiresGradient(true);
        }
        float[] values = {1.5f, -0f, Float.NaN, -3e-38f};
        NDArray source = manager().create(values, new Shape(2, 2));
        InPlace.assign(target, source);
        source.addi(1f);
        assertArrayEquals(values, target.toFloatArray());
        assertEquals(autograd, target.hasGradient());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> InPlace.assign(target, manager().zeros(new Shape(4))));
        assertEquals("Cannot assign float32 (4) values to a float32 (2, 2) array", e.getMessage());
    }

    /** Where the engine has it, one element per row changes in the array itself; elsewhere the call names the capability. */
    @Test
    void addingToPickedElementsChangesThoseAloneInPlace() {
        try (NDManager m = manager().newSubManager()) {
            NDArray target = m.create(new float[] {0.25f, 0.5f, 0.125f, 1f, 2f, 4f, -0f, 8f, 16f}, new Shape(3, 3));
            NDArray columns = m.create(new int[] {2, 0, 2});
            if (!Capabilities.of(engine()).has(Capability.ASSIGN_PICKED)) {
                MissingCapabilityException e = assertThrows(MissingCapabilityException.class,
                        () -> InPlace.addToPicked(target, columns, -1f));
                assertTrue(e.getMessage().contains(Capability.ASSIGN_PICKED.description()), e.getMessage());
                return;
            }
            InPlace.addToPicked(target, columns, -1f);
            assertArrayEquals(new float[] {0.25f, 0.5f, -0.875f, 0f, 2f, 4f, -0f, 8f, 15f}, target.toFloatArray());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> InPlace.addToPicked(target, m.create(new int[] {0, 1}), 1f));
            assertEquals("Cannot add to one element per row of a (3, 3) array by int32 (2) column indices", e.getMessage());
        }
    }

    @Test
    void matMulMatchesPlainJava() {
        float[][] a = {{1, 2, 3}, {-4, 5, 0.5f}};
        float[][] b = {{0.5f, -1}, {2, 0}, {-3, 4}};
        float[] expected = new float[4];
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                for (int k = 0; k < 3; k++) {
                    expected[i * 2 + j] += a[i][k] * b[k][j];
                }
            }
        }
        try (NDManager m = manager().newSubManager()) {
            NDArray product = m.create(a).matMul(m.create(b));
            assertEquals(new Shape(2, 2), product.getShape());
            assertArrayEquals(expected, product.toFloatArray(), TOLERANCE);
        }
    }

    @Test
    void tanhMatchesPlainJava() {
        float[] x = {-3f, -0.5f, 0f, 0.25f, 2f};
        float[] expected = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            expected[i] = (float) Math.tanh(x[i]);
        }
        try (NDManager m = manager().newSubManager()) {
            assertArrayEquals(expected, m.create(x).tanh().toFloatArray(), TOLERANCE);
        }
    }

    @Test
    void oneHotOfIntegerIndices() {
        int[] indices = {0, 2, 1, 2};
        int depth = 3;
        float[] expected = new float[indices.length * depth];
        for (int i = 0; i < indices.length; i++) {
            expected[i * depth + indices[i]] = 1f;
        }
        try (NDManager m = manager().newSubManager()) {
            NDArray oneHot = m.create(indices).oneHot(depth);
            assertEquals(new Shape(4, 3), oneHot.getShape());
            assertArrayEquals(expected, oneHot.toType(DataType.FLOAT32, false).toFloatArray(), TOLERANCE);
        }
    }

    @Test
    void softmaxAndLogSoftmaxMatchPlainJava() {
        float[][] x = {{1f, 2f, 3f}, {-1f, 0f, 10f}};
        float[] soft = new float[6];
        float[] logSoft = new float[6];
        for (int r = 0; r < 2; r++) {
            double max = Math.max(x[r][0], Math.max(x[r][1], x[r][2]));
            double sum = 0;
            for (float v : x[r]) {
                sum += Math.exp(v - max);
            }
            for (int c = 0; c < 3; c++) {
                logSoft[r * 3 + c] = (float) (x[r][c] - max - Math.log(sum));
                soft[r * 3 + c] = (float) (Math.exp(x[r][c] - max) / sum);
            }
        }
        try (NDManager m = manager().newSubManager()) {
            NDArray a = m.create(x);
            assertArrayEquals(soft, a.softmax(-1).toFloatArray(), TOLERANCE);
            assertArrayEquals(logSoft, a.logSoftmax(-1).toFloatArray(), 1e-5f);
        }
    }

    @Test
    void argMaxAlongAxisAndSum() {
        float[][] x = {{0.1f, 0.7f, 0.2f}, {5f, -1f, 4.9f}, {0f, 0f, 3f}};
        long[] argMax = {1, 0, 2};
        float[] rowSums = {1.0f, 8.9f, 3f};
        try (NDManager m = manager().newSubManager()) {
            NDArray a = m.create(x);
            NDArray arg = a.argMax(1);
            assertEquals(new Shape(3), arg.getShape());
            assertArrayEquals(argMax, arg.toType(DataType.INT64, false).toLongArray());
            assertArrayEquals(rowSums, a.sum(new int[] {1}).toFloatArray(), 1e-5f);
            assertEquals(12.9f, a.sum().getFloat(), 1e-5f);
        }
    }

    @Test
    void probeMatchesTheRecordedFacts() {
        Capabilities capabilities = Capabilities.of(engine());
        assertEquals(Set.copyOf(expectedCapabilities()), Set.copyOf(capabilities.all()), capabilities.toString());
        assertEquals(engineName(), capabilities.engineName());
        assertEquals(expectedVersion(), capabilities.engineVersion());
    }

    @Test
    void missingCapabilityIsAClearErrorNamingEngineAndCapability() {
        Capabilities capabilities = Capabilities.of(engine());
        for (Capability capability : Capability.values()) {
            if (capabilities.has(capability)) {
                capabilities.require(capability, "unused hint");
                continue;
            }
            MissingCapabilityException e = assertThrows(
                    MissingCapabilityException.class, () -> capabilities.require(capability, "try another engine"));
            assertTrue(e.getMessage().contains(engineName()), e.getMessage());
            assertTrue(e.getMessage().contains(capability.description()), e.getMessage());
            assertEquals(capability, e.capability());
        }
        if (!capabilities.has(Capability.AUTOGRAD)) {
            MissingCapabilityException e =
                    assertThrows(MissingCapabilityException.class, () -> GradientRecording.of(engine()).newGradientCollector());
            assertTrue(e.getMessage().startsWith(engineName() + " " + expectedVersion() + " cannot record gradients"),
                    e.getMessage());
        }
    }

    @Test
    void deviceChoiceOnThisMachine() {
        int gpus = engine().getGpuCount();
        assertEquals(gpus > 0 ? Device.gpu(0) : Device.cpu(), Devices.choose(engine(), "auto"));
        assertEquals(Device.cpu(), Devices.choose(engine(), "CPU"));
        IllegalArgumentException impossible =
                assertThrows(IllegalArgumentException.class, () -> Devices.choose(engine(), "gpu:" + gpus));
        assertTrue(impossible.getMessage().contains(engineName() + " sees " + gpus + " GPU"), impossible.getMessage());
        IllegalArgumentException unknown =
                assertThrows(IllegalArgumentException.class, () -> Devices.choose(engine(), "tpu"));
        assertTrue(unknown.getMessage().contains("'tpu'"), unknown.getMessage());
    }
}
