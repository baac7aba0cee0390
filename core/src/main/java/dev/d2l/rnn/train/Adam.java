package dev.d2l.rnn.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Adam with PyTorch's bias correction, written with plain NDArray operations so that it runs on
 * every engine: DJL's {@code Optimizer.adam()} calls a fused native update that TensorFlow lacks.
 *
 * <pre>
 * m = beta1 m + (1 - beta1) g          v = beta2 v + (1 - beta2) g^2
 * param -= lr / (1 - beta1^t) * m / (sqrt(v / (1 - beta2^t)) + eps)
 * </pre>
 *
 * <p>Keeps the moments and the step count per parameter name, in a manager the caller owns. Its
 * {@link #state()} names them {@code NAME/mean}, {@code NAME/variance} and {@code NAME/step} for
 * each parameter {@code NAME}. Not thread-safe.
 */
public final class Adam implements Updater {

    /** The name of its {@link UpdaterState}. */
    public static final String NAME = "adam";

    private static final String MEAN = "/mean";
    private static final String VARIANCE = "/variance";
    private static final String STEP = "/step";

    private final NDManager stateManager;
    private float learningRate;
    private final float beta1;
    private final float beta2;
    private final float epsilon;
    // Insertion order (the parameters' order at the first update) keeps saved states byte for byte alike.
    private final Map<String, Moments> moments = new LinkedHashMap<>();

    /** Adam with PyTorch's defaults beta1 0.9, beta2 0.999, eps 1e-8. */
    public Adam(NDManager stateManager, float learningRate) {
        this(stateManager, learningRate, 0.9f, 0.999f, 1e-8f);
    }

    /**
     * @param stateManager owns the moments; it must outlive this updater's use and share the
     *     parameters' engine and device
     * @throws IllegalArgumentException unless lr and eps are positive and the betas lie in [0, 1)
     */
    public Adam(NDManager stateManager, float learningRate, float beta1, float beta2, float epsilon) {
        if (!(learningRate > 0) || Float.isInfinite(learningRate)) {
            throw new IllegalArgumentException("Learning rate must be positive and finite, got " + learningRate);
        }
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("Betas must lie in [0, 1), got " + beta1 + " and " + beta2);
        }
        if (!(epsilon > 0)) {
            throw new IllegalArgumentException("Epsilon must be positive, got " + epsilon);
        }
        this.stateManager = stateManager;
        this.learningRate = learningRate;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
    }

    @Override
    public void setLearningRate(float learningRate) {
        this.learningRate = Sgd.checkRate(learningRate);
    }

    @Override
    public void update(String name, NDArray parameter, NDArray gradient) {
        Moments state = moments.computeIfAbsent(name, key -> new Moments(
                stateManager.zeros(parameter.getShape(), parameter.getDataType(), parameter.getDevice()),
                stateManager.zeros(parameter.getShape(), parameter.getDataType(), parameter.getDevice())));
        state.step++;
        float stepSize = (float) (learningRate / (1 - Math.pow(beta1, state.step)));
        float rootCorrection2 = (float) Math.sqrt(1 - Math.pow(beta2, state.step));
        // Every array involved joins a scope of its own, so that the temporaries land there
        // rather than in the long-lived managers of the parameter and the moments.
        try (NDManager scope = stateManager.newSubManager()) {
            scope.tempAttachAll(parameter, gradient, state.mean, state.variance);
            state.mean.muli(beta1).addi(gradient.mul(1 - beta1));
            state.variance.muli(beta2).addi(gradient.square().muli(1 - beta2));
            NDArray denominator = state.variance.sqrt().divi(rootCorrection2).addi(epsilon);
            parameter.subi(state.mean.mul(stepSize).divi(denominator));
        }
    }

    /** The moments and step counts of the parameters updated so far; empty before the first update. */
    @Override
    public UpdaterState state() {
        Map<String, NDArray> arrays = new LinkedHashMap<>();
        Map<String, Long> counters = new LinkedHashMap<>();
        moments.forEach((name, state) -> {
            arrays.put(name + MEAN, state.mean);
            arrays.put(name + VARIANCE, state.variance);
            counters.put(name + STEP, (long) state.step);
        });
        return new UpdaterState(NAME, arrays, counters);
    }

    /**
     * Takes over the moments and step counts of {@code state}, copied into this updater's
     * manager. The state must be empty or cover every parameter.
     */
    @Override
    public void restore(UpdaterState state, Map<String, NDArray> parameters) {
        state.requireUpdater(NAME);
        Map<String, Moments> restored = new LinkedHashMap<>();
        if (!state.isEmpty()) {
            check(state, parameters);
            for (String name : parameters.keySet()) {
                Moments copy = new Moments(own(state.arrays().get(name + MEAN)), own(state.arrays().get(name + VARIANCE)));
                copy.step = state.counters().get(name + STEP).intValue();
                restored.put(name, copy);
            }
        }
        moments.values().forEach(Moments::close);
        moments.clear();
        moments.putAll(restored);
    }

    private static void check(UpdaterState state, Map<String, NDArray> parameters) {
        Set<String> expectedArrays = new LinkedHashSet<>();
        Set<String> expectedCounters = new LinkedHashSet<>();
        for (String name : parameters.keySet()) {
            expectedArrays.add(name + MEAN);
            expectedArrays.add(name + VARIANCE);
            expectedCounters.add(name + STEP);
        }
        List<String> lacking = new ArrayList<>(difference(expectedArrays, state.arrays().keySet()));
        lacking.addAll(difference(expectedCounters, state.counters().keySet()));
        List<String> unknown = new ArrayList<>(difference(state.arrays().keySet(), expectedArrays));
        unknown.addAll(difference(state.counters().keySet(), expectedCounters));
        if (!lacking.isEmpty() || !unknown.isEmpty()) {
            throw new IllegalArgumentException("Adam's state does not fit the parameters: it lacks " + lacking + " and has "
                    + unknown + ", which they do not call for");
        }
        for (Map.Entry<String, NDArray> parameter : parameters.entrySet()) {
            NDArray p = parameter.getValue();
            for (String moment : List.of(MEAN, VARIANCE)) {
                NDArray array = state.arrays().get(parameter.getKey() + moment);
                if (!array.getShape().equals(p.getShape()) || array.getDataType() != p.getDataType()) {
                    throw new IllegalArgumentException("Adam's state does not fit the parameters: " + parameter.getKey() + moment
                            + " is " + array.getDataType() + " " + array.getShape() + " but the parameter is "
                            + p.getDataType() + " " + p.getShape());
                }
            }
            long step = state.counters().get(parameter.getKey() + STEP);
            if (step < 1 || step > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("Adam's state is not valid: " + parameter.getKey() + STEP + " is " + step
                        + ", not a count of updates from 1 to " + Integer.MAX_VALUE);
            }
        }
    }

    private static Set<String> difference(Set<String> a, Set<String> b) {
        Set<String> rest = new LinkedHashSet<>(a);
        rest.removeAll(b);
        return rest;
    }

    private NDArray own(NDArray array) {
        NDArray copy = array.duplicate();
        copy.attach(stateManager);
        return copy;
    }

    private static final class Moments {
        private final NDArray mean;
        private final NDArray variance;
        private int step;

        private Moments(NDArray mean, NDArray variance) {
            this.mean = mean;
            this.variance = variance;
        }

        private void close() {
            mean.close();
            variance.close();
        }
    }
}
