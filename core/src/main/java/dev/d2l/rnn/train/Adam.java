package dev.d2l.rnn.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.HashMap;
import java.util.Map;

/**
 * Adam with PyTorch's bias correction, written with plain NDArray operations so that it runs on
 * every engine: DJL's {@code Optimizer.adam()} calls a fused native update that TensorFlow lacks.
 *
 * <pre>
 * m = beta1 m + (1 - beta1) g          v = beta2 v + (1 - beta2) g^2
 * param -= lr / (1 - beta1^t) * m / (sqrt(v / (1 - beta2^t)) + eps)
 * </pre>
 *
 * <p>Keeps the moments and the step count per parameter name, in a manager the caller owns. Not
 * thread-safe.
 */
public final class Adam implements Updater {

    private final NDManager stateManager;
    private final float learningRate;
    private final float beta1;
    private final float beta2;
    private final float epsilon;
    private final Map<String, Moments> moments = new HashMap<>();

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

    private static final class Moments {
        private final NDArray mean;
        private final NDArray variance;
        private int step;

        private Moments(NDArray mean, NDArray variance) {
            this.mean = mean;
            this.variance = variance;
        }
    }
}
