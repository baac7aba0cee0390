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

    @Test
    void aRestoredStateContinuesBitForBit() {
        Map<String, float[]> straight = run(manager -> new Adam(manager, 0.01f));
        try (NDManager first = manager().newSubManager(); NDManager second = manager().newSubManager()) {
            Map<String, NDArray> params = initial(first);
            Adam stopped = new Adam(first, 0.01f);
            Random random = new Random(3);
            for (int step = 0; step < 2; step++) {
                stepOnce(stopped, params, first, random);
            }
            UpdaterState state = stopped.state();
            assertEquals(Adam.NAME, state.updater());
            assertEquals(List.of("w/mean", "w/variance", "b/mean", "b/variance"), List.copyOf(state.arrays().keySet()));
            assertEquals(Map.of("w/step", 2L, "b/step", 2L), state.counters());

            Map<String, NDArray> moved = new LinkedHashMap<>();
            params.forEach((name, array) -> moved.put(name, second.create(array.toFloatArray(), array.getShape())));
            Adam resumed = new Adam(second, 0.01f);
            resumed.restore(state, moved);
            // The copies must not depend on the arrays they came from.
            first.close();
            for (int step = 2; step < STEPS; step++) {
                stepOnce(resumed, moved, second, random);
            }
            for (String name : SHAPES.keySet()) {
                assertArrayEquals(straight.get(name), moved.get(name).toFloatArray(), name);
            }
        }
    }

    @Test
    void aStateThatDoesNotFitIsRefusedAndChangesNothing() {
        try (NDManager m = manager().newSubManager()) {
            Map<String, NDArray> params = initial(m);
            Adam adam = new Adam(m, 0.01f);
            stepOnce(adam, params, m, new Random(3));
            Map<String, float[]> before = values(adam.state());
            UpdaterState good = adam.state();

            Map<String, NDArray> wrongShape = new LinkedHashMap<>(good.arrays());
            wrongShape.put("b/variance", m.zeros(new Shape(3)));
            Map<String, Long> zeroStep = new LinkedHashMap<>(good.counters());
            zeroStep.put("w/step", 0L);
            Map<String, NDArray> renamed = new LinkedHashMap<>(good.arrays());
            renamed.put("bias/mean", renamed.remove("b/mean"));
            Map<String, String> refusals = new LinkedHashMap<>();
            refusals.put("The state is that of sgd, not of adam", "sgd");
            refusals.put("Adam's state does not fit the parameters: b/variance is float32 (3) but the parameter is float32 (2)",
                    "shape");
            refusals.put("Adam's state is not valid: w/step is 0, not a count of updates from 1 to 2147483647", "step");
            refusals.put("Adam's state does not fit the parameters: it lacks [b/mean, b/step] and has [bias/mean], which they do not"
                    + " call for", "names");
            for (Map.Entry<String, String> refusal : refusals.entrySet()) {
                UpdaterState bad = switch (refusal.getValue()) {
                    case "sgd" -> new UpdaterState(Sgd.NAME, good.arrays(), good.counters());
                    case "shape" -> new UpdaterState(Adam.NAME, wrongShape, good.counters());
                    case "step" -> new UpdaterState(Adam.NAME, good.arrays(), zeroStep);
                    default -> new UpdaterState(Adam.NAME, renamed, Map.of("w/step", 1L));
                };
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> adam.restore(bad, params));
                assertEquals(refusal.getKey(), e.getMessage());
                Map<String, float[]> after = values(adam.state());
                assertEquals(before.keySet(), after.keySet());
                before.forEach((name, value) -> assertArrayEquals(value, after.get(name), name));
                assertEquals(good.counters(), adam.state().counters());
            }
        }
    }

    @Test
    void sgdKeepsNoStateAndDjlsOptimizersCannotSaveTheirs() {
        try (NDManager m = manager().newSubManager()) {
            Map<String, NDArray> params = initial(m);
            Adam adam = new Adam(m, 0.01f);
            stepOnce(adam, params, m, new Random(3));
            for (Updater sgd : List.of(new Sgd(1f), Updater.sgd(1f))) {
                assertEquals(UpdaterState.empty(Sgd.NAME), sgd.state());
                sgd.restore(UpdaterState.empty(Sgd.NAME), params);
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> sgd.restore(new UpdaterState(Sgd.NAME, adam.state().arrays(), Map.of()), params));
                assertEquals("sgd keeps no state, but the state given holds arrays [w/mean, w/variance, b/mean, b/variance]"
                        + " and counters []", e.getMessage());
                e = assertThrows(IllegalArgumentException.class, () -> sgd.restore(adam.state(), params));
                assertEquals("The state is that of adam, not of sgd", e.getMessage());
            }
            Updater djlAdam = new OptimizerUpdater(Optimizer.adam().build());
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, djlAdam::state);
            assertEquals("DJL's Adam keeps its state private, so it cannot be saved or restored; the portable Adam and Sgd can",
                    e.getMessage());
            assertThrows(UnsupportedOperationException.class, () -> djlAdam.restore(UpdaterState.empty(Adam.NAME), params));
        }
    }

    private static void stepOnce(Updater updater, Map<String, NDArray> params, NDManager manager, Random random) {
        try (NDManager scope = manager.newSubManager()) {
            scope.tempAttachAll(params.values().toArray(new NDArray[0]));
            updater.update(params, gradients(scope, random));
        }
    }

    private static Map<String, float[]> values(UpdaterState state) {
        Map<String, float[]> values = new LinkedHashMap<>();
        state.arrays().forEach((name, array) -> values.put(name, array.toFloatArray()));
        return values;
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
