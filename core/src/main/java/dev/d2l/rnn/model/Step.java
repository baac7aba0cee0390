package dev.d2l.rnn.model;

import ai.djl.ndarray.NDArray;
import java.util.Map;

/**
 * One minibatch's loss, the gradients of the parameters and the side output: what a backward
 * pass yields, whether the engine's autograd recorded it or a model's written-out BPTT computed
 * it. Before differentiation (a forward pass) it holds what autograd is to differentiate: the
 * {@code remainder}, and the gradients written out already, if any.
 *
 * @param loss the scalar loss, on the minibatch's device
 * @param gradients one gradient per parameter, by the parameter's name; before differentiation,
 *     those written out already (often none)
 * @param output whatever else the forward pass yields that the caller needs (for a language
 *     model the new state)
 * @param remainder before differentiation, the scalar whose gradient autograd takes for every
 *     parameter not in {@code gradients}: the loss itself, or a stand-in with the same gradient
 *     for those parameters; null once differentiated
 */
public record Step<O>(NDArray loss, Map<String, NDArray> gradients, O output, NDArray remainder) {

    /** A differentiated step: the loss, every parameter's gradient and the side output. */
    public Step(NDArray loss, Map<String, NDArray> gradients, O output) {
        this(loss, gradients, output, null);
    }

    /** A forward pass's result, for autograd to differentiate the loss. */
    public static <O> Step<O> forward(NDArray loss, O output) {
        return new Step<>(loss, Map.of(), output, loss);
    }

    /**
     * A forward pass's result with some gradients written out: autograd differentiates {@code
     * remainder} for the other parameters.
     */
    public static <O> Step<O> partly(NDArray loss, Map<String, NDArray> written, NDArray remainder, O output) {
        return new Step<>(loss, written, output, remainder);
    }
}
