package dev.d2l.rnn.sequence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.d2l.rnn.engine.Capabilities;
import dev.d2l.rnn.engine.Capability;
import dev.d2l.rnn.engine.MissingCapabilityException;
import dev.d2l.rnn.sequence.SineWaveAutoregression.Config;
import dev.d2l.rnn.sequence.SineWaveAutoregression.Result;
import dev.d2l.rnn.testing.EngineTestBase;
import dev.d2l.rnn.train.Adam;
import dev.d2l.rnn.train.GradientChoice;
import dev.d2l.rnn.train.GradientSource;
import dev.d2l.rnn.model.Step;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * d2l 8.1 on one engine: training reaches the noise floor, predictions degrade with the
 * horizon, runs repeat exactly, the written-out gradients equal autograd's, and nothing leaks.
 * Each engine module runs it by naming its engine.
 */
public abstract class SequenceSuite extends EngineTestBase {

    private static final long SEED = 42;
    /** The variance of d2l's noise, N(0, 0.2^2): no predictor of the noisy data does better. */
    private static final double NOISE_VARIANCE = 0.04;

    private Result d2l;

    private Result d2l() {
        if (d2l == null) {
            d2l = SineWaveAutoregression.run(manager(), Config.d2l(SEED));
        }
        return d2l;
    }

    /** A short series and two epochs: enough to compare runs, quick on every engine. */
    private static Config small(long seed) {
        return new Config(300, 0.2f, 4, 200, 16, 10, 0.01f, 2, List.of(1, 4), seed, GradientChoice.AUTO);
    }

    private boolean hasAutograd() {
        return Capabilities.of(engine()).has(Capability.AUTOGRAD);
    }

    @Test
    void trainsToWithinOneAndAHalfTimesTheNoiseVariance() {
        Result result = d2l();
        assertEquals(engineName(), result.engine());
        assertEquals(hasAutograd() ? "autograd" : "bptt", result.gradientSource());
        assertEquals(5, result.epochLosses().length);
        float last = result.epochLosses()[4];
        assertTrue(last < 1.5 * NOISE_VARIANCE, Arrays.toString(result.epochLosses()));
        assertTrue(result.oneStepMse() < 1.5 * NOISE_VARIANCE, "1-step MSE " + result.oneStepMse());
        assertTrue(result.oneStepMse() > 0.5 * NOISE_VARIANCE, "1-step MSE below the noise: " + result.oneStepMse());
    }

    @Test
    void kStepErrorGrowsWithK() {
        Result result = d2l();
        assertEquals(List.of(1, 4, 16, 64), List.copyOf(result.kStepMse().keySet()));
        double previous = 0;
        for (double mse : result.kStepMse().values()) {
            assertTrue(mse > previous, "k-step MSE " + result.kStepMse());
            previous = mse;
        }
        assertEquals(result.oneStepMse(), result.kStepMse().get(1), 0.01);
        assertTrue(result.multiStepMse() > result.kStepMse().get(16), "multi-step MSE " + result.multiStepMse());
    }

    @Test
    void theSameSeedGivesTheSameLosses() {
        float[] first = SineWaveAutoregression.run(manager(), small(7)).epochLosses();
        float[] again = SineWaveAutoregression.run(manager(), small(7)).epochLosses();
        float[] otherSeed = SineWaveAutoregression.run(manager(), small(8)).epochLosses();
        assertArrayEquals(first, again);
        assertFalse(Arrays.equals(first, otherSeed));
    }

    @Test
    void theExplicitBackwardPassIsSelectableAndTrainsAsAutogradDoes() {
        if (!hasAutograd()) {
            assertEquals("bptt", d2l().gradientSource(), "the default without autograd");
            return;
        }
        Result explicit = SineWaveAutoregression.run(manager(), small(SEED).withGradients(GradientChoice.BPTT));
        Result autograd = SineWaveAutoregression.run(manager(), small(SEED).withGradients(GradientChoice.AUTOGRAD));
        assertEquals("bptt", explicit.gradientSource());
        assertEquals("autograd", autograd.gradientSource());
        assertArrayEquals(autograd.epochLosses(), explicit.epochLosses(), 1e-6f);
        assertEquals(autograd.oneStepMse(), explicit.oneStepMse(), 1e-6);
    }

    @Test
    void explicitGradientsEqualAutogradGradients() {
        assumeTrue(hasAutograd(), "needs autograd to compare with");
        Random random = new Random(SEED);
        float[] x = SineWave.sample(40, 0.2f, random);
        float[][] rows = Arrays.copyOf(LagFeatures.features(x, 4), 16);
        float[] labels = Arrays.copyOf(LagFeatures.labels(x, 4), 16);
        try (NDManager model = manager().newSubManager()) {
            Mlp net = Mlp.xavier(model, 4, 10, random);
            Map<String, float[]> autograd = new LinkedHashMap<>();
            Map<String, float[]> explicit = new LinkedHashMap<>();
            float[] losses = new float[2];
            try (NDManager scope = model.newSubManager()) {
                scope.tempAttachAll(net.parameters().values().toArray(new NDArray[0]));
                SquaredError objective =
                        new SquaredError(net, scope.create(rows), scope.create(labels, new Shape(16, 1)));
                losses[0] = read(GradientSource.autograd(engine()).compute(objective), autograd);
                losses[1] = read(GradientSource.bptt().compute(objective), explicit);
            }
            assertEquals(losses[0], losses[1], 1e-5 * losses[0]);
            for (String name : autograd.keySet()) {
                assertTrue(maxRelativeError(explicit.get(name), autograd.get(name)) <= 1e-4,
                        name + ": explicit " + Arrays.toString(explicit.get(name)) + " autograd "
                                + Arrays.toString(autograd.get(name)));
            }
        }
    }

    @Test
    void autogradIsAClearErrorWhereTheEngineHasNone() {
        assumeFalse(hasAutograd(), "the engine has autograd");
        MissingCapabilityException e = assertThrows(MissingCapabilityException.class,
                () -> SineWaveAutoregression.run(manager(), Config.d2l(SEED).withGradients(GradientChoice.AUTOGRAD)));
        assertEquals(Capability.AUTOGRAD, e.capability());
    }

    @Test
    void noArraysLeakAcrossEpochs() {
        for (GradientChoice choice : hasAutograd() ? List.of(GradientChoice.AUTOGRAD, GradientChoice.BPTT)
                : List.of(GradientChoice.BPTT)) {
            Random random = new Random(SEED);
            float[] x = SineWave.sample(120, 0.2f, random);
            float[][] rows = Arrays.copyOf(LagFeatures.features(x, 4), 100);
            float[] labels = Arrays.copyOf(LagFeatures.labels(x, 4), 100);
            try (NDManager model = manager().newSubManager()) {
                Mlp net = Mlp.xavier(model, 4, 10, random);
                EpochTrainer trainer = new EpochTrainer(net, choice.resolve(engine(), true),
                        new Adam(model, 0.01f), rows, labels, 16, random);
                trainer.epoch();
                // Four parameters and Adam's two moments for each.
                assertEquals(12, model.getManagedArrays().size(), choice.name());
                trainer.epoch();
                trainer.epoch();
                net.predict(rows);
                assertEquals(12, model.getManagedArrays().size(), choice.name());
            }
        }
    }

    /** Copies every gradient to the host and returns the loss. */
    private static float read(Step<Void> step, Map<String, float[]> into) {
        step.gradients().forEach((name, gradient) -> into.put(name, gradient.toFloatArray()));
        return step.loss().getFloat();
    }

    /** The largest difference relative to the largest magnitude of the reference. */
    private static double maxRelativeError(float[] actual, float[] expected) {
        double difference = 0;
        double scale = 0;
        for (int i = 0; i < expected.length; i++) {
            difference = Math.max(difference, Math.abs(actual[i] - expected[i]));
            scale = Math.max(scale, Math.abs(expected[i]));
        }
        return scale == 0 ? difference : difference / scale;
    }
}
