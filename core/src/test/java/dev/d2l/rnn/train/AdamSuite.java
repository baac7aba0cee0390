package dev.d2l.rnn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.d2l.rnn.testing.EngineTestBase;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The portable {@link Adam} on one engine, against Adam in plain Java and, where the engine runs
 * it, DJL's own fused Adam through {@link OptimizerUpdater}.
 */
public abstract class AdamSuite extends EngineTestBase {

    private static final int STEPS = 5;
    private static final float TOLERANCE = 1e-5f;
    private static final Map<String, Shape> SHAPES = shapes();

    /** Whether DJL's {@code Optimizer.adam()} (a fused native update) runs on this engine. */
    protected abstract boolean runsDjlAdam();

    private static Map<String, Shape> shapes() {
        Map<String, Shape> shapes = new LinkedHashMap<>();
        shapes.put("w", new Shape(3, 2));
        shapes.put("b", new Shape(2));
        return shapes;
    }

    @Test
    void matchesAdamInPlainJava() {
        for (float[] settings : List.of(new float[] {0.01f, 0.9f, 0.999f, 1e-8f}, new float[] {0.1f, 0.8f, 0.99f, 1e-3f})) {
            Map<String, float[]> actual = run(manager -> new Adam(manager, settings[0], settings[1], settings[2], settings[3]));
            Map<String, float[]> expected = plainJavaAdam(settings[0], settings[1], settings[2], settings[3]);
            for (String name : SHAPES.keySet()) {
                assertArrayEquals(expected.get(name), actual.get(name), TOLERANCE, name);
            }
        }
    }

    @Test
    void matchesDjlAdamWhereTheEngineRunsIt() {
        java.util.function.Function<NDManager, Updater> djlAdam = manager -> new OptimizerUpdater(
                Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.01f)).build());
        if (!runsDjlAdam()) {
            assertThrows(UnsupportedOperationException.class, () -> run(djlAdam));
            return;
        }
        Map<String, float[]> djl = run(djlAdam);
        Map<String, float[]> portable = run(manager -> new Adam(manager, 0.01f));
        for (String name : SHAPES.keySet()) {
            assertArrayEquals(djl.get(name), portable.get(name), TOLERANCE, name);
        }
    }

    @Test
    void keepsItsMomentsInItsManagerAndNothingElse() {
        try (NDManager parameters = manager().newSubManager(); NDManager state = manager().newSubManager()) {
            Map<String, NDArray> params = initial(parameters);
            Adam adam = new Adam(state, 0.01f);
            Random random = new Random(3);
            for (int step = 0; step < STEPS; step++) {
                try (NDManager scope = parameters.newSubManager()) {
                    scope.tempAttachAll(params.values().toArray(new NDArray[0]));
                    adam.update(params, gradients(scope, random));
                }
                assertEquals(2 * SHAPES.size(), state.getManagedArrays().size());
                assertEquals(SHAPES.size(), parameters.getManagedArrays().size());
            }
        }
    }

    @Test
    void aMissingGradientIsAClearError() {
        try (NDManager scope = manager().newSubManager()) {
            Map<String, NDArray> params = initial(scope);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new Adam(scope, 0.01f).update(params, Map.of("w", params.get("w"))));
            assertEquals("No gradient for parameter b", e.getMessage());
        }
    }

    /** The parameters after {@link #STEPS} updates with seeded gradients. */
    private Map<String, float[]> run(java.util.function.Function<NDManager, Updater> updaters) {
        try (NDManager parameters = manager().newSubManager()) {
            Map<String, NDArray> params = initial(parameters);
            Updater updater = updaters.apply(parameters);
            Random random = new Random(3);
            for (int step = 0; step < STEPS; step++) {
                try (NDManager scope = parameters.newSubManager()) {
                    scope.tempAttachAll(params.values().toArray(new NDArray[0]));
                    updater.update(params, gradients(scope, random));
                }
            }
            Map<String, float[]> values = new LinkedHashMap<>();
            params.forEach((name, array) -> values.put(name, array.toFloatArray()));
            return values;
        }
    }

    private static Map<String, NDArray> initial(NDManager manager) {
        Map<String, float[]> values = initialValues();
        Map<String, NDArray> params = new LinkedHashMap<>();
        values.forEach((name, v) -> params.put(name, manager.create(v, SHAPES.get(name))));
        return params;
    }

    private static Map<String, NDArray> gradients(NDManager scope, Random random) {
        Map<String, NDArray> gradients = new LinkedHashMap<>();
        nextGradients(random).forEach((name, g) -> gradients.put(name, scope.create(g, SHAPES.get(name))));
        return gradients;
    }

    private static Map<String, float[]> initialValues() {
        Random random = new Random(1);
        Map<String, float[]> values = new LinkedHashMap<>();
        SHAPES.forEach((name, shape) -> values.put(name, uniform(random, (int) shape.size())));
        return values;
    }

    private static Map<String, float[]> nextGradients(Random random) {
        Map<String, float[]> gradients = new LinkedHashMap<>();
        SHAPES.forEach((name, shape) -> gradients.put(name, uniform(random, (int) shape.size())));
        return gradients;
    }

    private static float[] uniform(Random random, int size) {
        float[] values = new float[size];
        for (int i = 0; i < size; i++) {
            values[i] = (float) (2 * random.nextDouble() - 1);
        }
        return values;
    }

    /** Adam as PyTorch writes it, in double precision. */
    private static Map<String, float[]> plainJavaAdam(float lr, float beta1, float beta2, float eps) {
        Map<String, float[]> params = initialValues();
        Map<String, double[]> means = new LinkedHashMap<>();
        Map<String, double[]> variances = new LinkedHashMap<>();
        Random random = new Random(3);
        for (int t = 1; t <= STEPS; t++) {
            Map<String, float[]> gradients = nextGradients(random);
            for (String name : SHAPES.keySet()) {
                float[] p = params.get(name);
                float[] g = gradients.get(name);
                double[] m = means.computeIfAbsent(name, k -> new double[p.length]);
                double[] v = variances.computeIfAbsent(name, k -> new double[p.length]);
                for (int i = 0; i < p.length; i++) {
                    m[i] = beta1 * m[i] + (1 - beta1) * g[i];
                    v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i];
                    double meanHat = m[i] / (1 - Math.pow(beta1, t));
                    double varianceHat = v[i] / (1 - Math.pow(beta2, t));
                    p[i] = (float) (p[i] - lr * meanHat / (Math.sqrt(varianceHat) + eps));
                }
            }
        }
        return params;
    }
}
