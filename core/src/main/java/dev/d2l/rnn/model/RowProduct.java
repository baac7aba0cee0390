package dev.d2l.rnn.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.core.Linear;
import dev.d2l.rnn.engine.Capabilities;
import dev.d2l.rnn.engine.Capability;

/**
 * Products of many row blocks with one weight, such as a recurrence's {@code H_{t-1} W_hh} at
 * every step: through the engine's fused linear operator where it has one ({@link
 * Capability#LINEAR}), else through {@code matMul}. Either way the weight is rearranged once,
 * not once per product.
 */
final class RowProduct {

    private final NDArray weight;
    private final boolean linear;

    private RowProduct(NDArray weight, boolean linear) {
        this.weight = weight;
        this.linear = linear;
    }

    /** {@code x -> x w}; a transposed copy of {@code w}, where one is needed, joins {@code manager}. */
    static RowProduct times(NDArray w, NDManager manager) {
        boolean linear = hasLinear(w);
        return new RowProduct(linear ? onManager(w.transpose(), manager) : w, linear);
    }

    /** {@code x -> x w^T}; a transposed copy of {@code w}, where one is needed, joins {@code manager}. */
    static RowProduct timesTransposed(NDArray w, NDManager manager) {
        boolean linear = hasLinear(w);
        return new RowProduct(linear ? w : onManager(w.transpose(), manager), linear);
    }

    NDArray apply(NDArray x) {
        return linear ? Linear.linear(x, weight).singletonOrThrow() : x.matMul(weight);
    }

    /** {@code apply(x)} plus {@code bias}, a vector added to every row. */
    NDArray apply(NDArray x, NDArray bias) {
        return linear ? Linear.linear(x, weight, bias).singletonOrThrow() : x.matMul(weight).add(bias);
    }

    private static boolean hasLinear(NDArray w) {
        return Capabilities.of(w.getManager().getEngine()).has(Capability.LINEAR);
    }

    private static NDArray onManager(NDArray array, NDManager manager) {
        array.attach(manager);
        return array;
    }
}
