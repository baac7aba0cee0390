package dev.d2l.rnn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.abort;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.d2l.rnn.data.Sampling;
import dev.d2l.rnn.data.SeqDataLoader;
import dev.d2l.rnn.engine.Capabilities;
import dev.d2l.rnn.engine.GradientRecording;
import dev.d2l.rnn.engine.Capability;
import dev.d2l.rnn.engine.Engines;
import dev.d2l.rnn.model.LanguageModel;
import dev.d2l.rnn.model.RNNModel;
import dev.d2l.rnn.model.RNNModelScratch;
import dev.d2l.rnn.model.RecurrentCell;
import dev.d2l.rnn.model.RecurrentLayer;
import dev.d2l.rnn.model.RecurrentPath;
import dev.d2l.rnn.testing.EngineTestBase;
import dev.d2l.rnn.testing.TinyCorpus;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Training on several threads of one engine: two models trained at the same time end with the
 * parameters, bit for bit, that the same two runs reach one after the other on the test's own
 * thread; gradient collectors open at once or in turn, as the capability probe says; and a
 * thread prepared for the engine computes as the thread that loaded it.
 */
public abstract class ConcurrentTrainingSuite extends EngineTestBase {

    private static final int HIDDEN = 32;
    private static final int EPOCHS = 3;
    private static final long TIMEOUT_SECONDS = 120;

    @ParameterizedTest(name = "{0}, {1}")
    @CsvSource({"SCRATCH, autograd", "SCRATCH, bptt", "GRU, autograd", "GRU, bptt", "LSTM, autograd",
            "LSTM, bptt"})
    void twoThreadsTrainAsOneAfterTheOther(String model, String gradients) throws Exception {
        boolean autograd = gradients.equals("autograd");
        assumeTrue(!autograd || Capabilities.of(engine()).has(Capability.AUTOGRAD),
                engineName() + " has no autograd; its refusal is the engine-contract suite's");
        List<float[]> firstAlone = train(model, autograd, 1).parameters();
        List<float[]> secondAlone = train(model, autograd, 2).parameters();

        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Run> first = pool.submit(() -> {
                start.await();
                return train(model, autograd, 1);
            });
            Future<Run> second = pool.submit(() -> {
                start.await();
                return train(model, autograd, 2);
            });
            Run a = first.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            Run b = second.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            assertTrue(a.startNanos() < b.endNanos() && b.startNanos() < a.endNanos(), "the two runs overlapped");
            assertSame(firstAlone, a.parameters(), "first run");
            assertSame(secondAlone, b.parameters(), "second run");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aSecondThreadRecordsAtOnceOrWhenTheFirstCloses() throws Exception {
        Capabilities capabilities = Capabilities.of(engine());
        assumeTrue(capabilities.has(Capability.AUTOGRAD), engineName() + " has no autograd");
        boolean atOnce = capabilities.has(Capability.CONCURRENT_AUTOGRAD);
        GradientRecording recording = GradientRecording.of(engine());
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (NDManager m = manager().newSubManager()) {
            NDArray x = m.create(new float[] {1f});
            x.setRequiresGradient(true);
            Future<Float> other;
            try (GradientCollector collector = recording.newGradientCollector()) {
                NDArray loss = x.mul(2f).sum();
                other = pool.submit(gradientOnAnotherThread(recording, 3f));
                if (atOnce) {
                    assertEquals(3f, other.get(TIMEOUT_SECONDS, TimeUnit.SECONDS), "recorded while the first is open");
                } else {
                    assertThrows(TimeoutException.class, () -> other.get(300, TimeUnit.MILLISECONDS),
                            "waits while the first collector is open");
                }
                collector.backward(loss);
            }
            assertEquals(3f, other.get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
            assertEquals(2f, x.getGradient().getFloat(), "the first thread's recording is intact");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aNestedCollectorIsAClearErrorAndLeavesNoTurnBehind() throws Exception {
        Capabilities capabilities = Capabilities.of(engine());
        assumeTrue(capabilities.has(Capability.AUTOGRAD), engineName() + " has no autograd");
        GradientRecording recording = GradientRecording.of(engine());
        try (GradientCollector outer = recording.newGradientCollector()) {
            IllegalStateException e = assertThrows(IllegalStateException.class, recording::newGradientCollector);
            assertTrue(e.getMessage().startsWith(engineName() + " " + capabilities.engineVersion()
                    + " cannot open a gradient collector ("), e.getMessage());
            assertTrue(e.getMessage().endsWith("one is already open on this thread, or was opened with"
                    + " engine.newGradientCollector(), which does not wait for its turn"), e.getMessage());
        }
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            assertEquals(5f, pool.submit(gradientOnAnotherThread(recording, 5f)).get(TIMEOUT_SECONDS, TimeUnit.SECONDS),
                    "another thread records once the outer collector is closed");
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest(name = "{0}, {1}")
    @CsvSource({"RNN_TANH, FUSED", "RNN_RELU, FUSED", "GRU, FUSED", "LSTM, FUSED", "GRU, PORTABLE", "LSTM, PORTABLE"})
    void aPreparedThreadComputesAsTheLoadingThread(RecurrentCell cell, RecurrentPath path) throws Exception {
        RecurrentLayer layer = RecurrentLayer.builder()
                .setCell(cell)
                .setHiddenSize(4)
                .optSeed(3)
                .optPath(path)
                .build();
        try (NDManager m = manager().newSubManager()) {
            NDList inputs = new NDList(m.arange(60f).reshape(4, 3, 5).div(60f));
            layer.initialize(m, DataType.FLOAT32, inputs.getShapes());
            float[] here;
            try {
                here = forward(layer, m, inputs);
            } catch (RuntimeException noFusedOp) {
                here = abort(engineName() + " cannot run " + cell + " " + path + ": " + noFusedOp.getMessage());
            }
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try {
                float[] there = pool.submit(() -> {
                    Engines.prepareThread(engine());
                    return forward(layer, m, inputs);
                }).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                assertArrayEquals(here, there, cell + " " + path + " on a new thread");
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private static float[] forward(RecurrentLayer layer, NDManager manager, NDList inputs) {
        try (NDManager scope = manager.newSubManager()) {
            return layer.forward(new ParameterStore(scope, false), inputs, false).head().toFloatArray();
        }
    }

    private Callable<Float> gradientOnAnotherThread(GradientRecording recording, float factor) {
        return () -> {
            try (NDManager m = manager().newSubManager()) {
                NDArray y = m.create(new float[] {1f});
                y.setRequiresGradient(true);
                try (GradientCollector collector = recording.newGradientCollector()) {
                    collector.backward(y.mul(factor).sum());
                }
                return y.getGradient().getFloat();
            }
        };
    }

    /** A short run of a model of this kind, seeded with {@code seed}: its final parameters and when it ran. */
    private Run train(String kind, boolean autograd, long seed) {
        try (NDManager manager = engine().newBaseManager(Device.cpu())) {
            LanguageModel model = kind.equals("SCRATCH")
                    ? new RNNModelScratch(manager, TinyCorpus.vocabSize(), HIDDEN, RNNModelScratch.Activation.TANH, seed)
                    : RNNModel.create(manager, RecurrentLayer.builder()
                            .setCell(RecurrentCell.valueOf(kind))
                            .setHiddenSize(HIDDEN)
                            .optSeed(seed)
                            .build(), TinyCorpus.vocabSize(), seed);
            GradientSource source = autograd ? GradientSource.autograd(engine()) : GradientSource.bptt();
            SeqDataLoader data = new SeqDataLoader(TinyCorpus.indices(1500), 8, 10, Sampling.SEQUENTIAL, seed);
            long start = System.nanoTime();
            LanguageModelTrainer.builder(model, source, Updater.sgd(1f)).build().fit(data, EPOCHS, manager);
            long end = System.nanoTime();
            List<float[]> parameters = new ArrayList<>();
            for (NDArray parameter : model.parameters().values()) {
                parameters.add(parameter.toFloatArray());
            }
            return new Run(parameters, start, end);
        }
    }

    private static void assertSame(List<float[]> expected, List<float[]> actual, String run) {
        assertEquals(expected.size(), actual.size(), run);
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), actual.get(i), run + ", parameter " + i);
        }
        assertFalse(expected.isEmpty(), run);
    }

    private record Run(List<float[]> parameters, long startNanos, long endNanos) {}
}
