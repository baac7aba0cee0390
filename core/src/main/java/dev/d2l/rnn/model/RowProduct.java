package dev.d2l.rnn.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.core.Linear;
import dev.d2l.rnn.engine.Capabilities;
import dev.d2l.rnn.engine.Capability;

/**
 * Products of many row blocks with one weight, such as a recurrence's {@code H_{t-1} W_hh} at
 * every step: through the engine's fused linear operator where it has one ({@link
 * Capability#LINEAR}), else through {@code matMul}. Either way the weight is rearranged once,
 * not once per product. Which of the two is decided when a model is built or initialized
 * ({@link #fusedLinearOn}) and handed to every product from then on.
 */
final class RowProduct {

    private final NDArray weight;
    private final boolean linear;

    private RowProduct(NDArray weight, boolean linear) {
        this.weight = weight;
        this.linear = linear;
    }

    /** Whether products on {@code engine} go through its fused linear operator. */
    static boolean fusedLinearOn(Engine engine) {
        return Capabilities.of(engine).has(Capability.LINEAR);
    }

    /**
     * {@code x -> x w}; a transposed copy of {@code w}, where one is needed, joins {@code manager}.
     *
     * @param linear whether to use the fused linear operator ({@link #fusedLinearOn})
     */
    static RowProduct times(NDArray w, NDManager manager, boolean linear) {
        return new RowProduct(linear ? onManager(w.transpose(), manager) : w, linear);
    }

    /**
     * {@code x -> x w^T}; a transposed copy of {@code w}, where one is needed, joins {@code manager}.
     *
     * @param linear whether to use the fused linear operator ({@link #fusedLinearOn})
     */
    static RowProduct timesTransposed(NDArray w, NDManager manager, boolean linear) {
        return new RowProduct(linear ? w : onManager(w.transpose(), manager), linear);
    }

    NDArray apply(NDArray x) {
        return linear ? Linear.linear(x, weight).singletonOrThrow() : x.matMul(weight);
    }

    /** {@code apply(x)} plus {@code bias}, a vector added to every row. */
    NDArray apply(NDArray x, NDArray bias) {
        return linear ? Linear.linear(x, weight, bias).singletonOrThrow() : x.matMul(weight).add(bias);
    }

    private static NDArray onManager(NDArray array, NDManager manager) {
        array.attach(manager);
        return array;
    }
}
