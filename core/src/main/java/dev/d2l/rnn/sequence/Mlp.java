package dev.d2l.rnn.sequence;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * d2l's {@code get_net()}: Linear(inputs, hidden), ReLU, Linear(hidden, 1), weights
 * Xavier-uniform and biases zero. Weights are drawn in Java so that every engine starts from the
 * same numbers. Weights are stored (in, out), so a layer is {@code x.matMul(w).add(b)}.
 */
public final class Mlp {

    static final String W1 = "W1";
    static final String B1 = "b1";
    static final String W2 = "W2";
    static final String B2 = "b2";

    private final NDManager manager;
    private final Map<String, NDArray> parameters;

    private Mlp(NDManager manager, Map<String, NDArray> parameters) {
        this.manager = manager;
        this.parameters = Collections.unmodifiableMap(parameters);
    }

    /** A new network whose parameters {@code manager} owns. */
    public static Mlp xavier(NDManager manager, int inputs, int hidden, Random random) {
        Map<String, NDArray> parameters = new LinkedHashMap<>();
        parameters.put(W1, manager.create(xavierUniform(inputs, hidden, random), new Shape(inputs, hidden)));
        parameters.put(B1, manager.zeros(new Shape(hidden)));
        parameters.put(W2, manager.create(xavierUniform(hidden, 1, random), new Shape(hidden, 1)));
        parameters.put(B2, manager.zeros(new Shape(1)));
        return new Mlp(manager, parameters);
    }

    /** The manager that owns the parameters; minibatch scopes are its sub-managers. */
    NDManager manager() {
        return manager;
    }

    /** W1, b1, W2, b2: the arrays themselves, updated in place by training. */
    Map<String, NDArray> parameters() {
        return parameters;
    }

    /** The hidden layer before its ReLU, (n, hidden). */
    NDArray preActivation(NDArray x) {
        return x.matMul(parameters.get(W1)).add(parameters.get(B1));
    }

    /** The output (n, 1) from the hidden layer's activations. */
    NDArray output(NDArray hidden) {
        return hidden.matMul(parameters.get(W2)).add(parameters.get(B2));
    }

    /** The prediction (n, 1) for rows x (n, inputs). */
    NDArray forward(NDArray x) {
        return output(relu(preActivation(x)));
    }

    static NDArray relu(NDArray z) {
        return z.maximum(0f);
    }

    /** Predictions for plain-Java rows, computed in a scope of their own. */
    public float[] predict(float[][] rows) {
        try (NDManager scope = manager.newSubManager()) {
            scope.tempAttachAll(parameters.values().toArray(new NDArray[0]));
            return forward(scope.create(rows)).toFloatArray();
        }
    }

    /** Uniform on [-a, a] with a = sqrt(6 / (fanIn + fanOut)), as torch's xavier_uniform_. */
    private static float[] xavierUniform(int fanIn, int fanOut, Random random) {
        double bound = Math.sqrt(6.0 / (fanIn + fanOut));
        float[] weights = new float[fanIn * fanOut];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = (float) ((2 * random.nextDouble() - 1) * bound);
        }
        return weights;
    }
}
