package dev.d2l.rnn.model;

import ai.djl.ndarray.NDArray;
import java.util.Map;

/**
 * One minibatch's loss, the gradients of the parameters and the side output: what a backward
 * pass yields, whether the engine's autograd recorded it or a model's written-out BPTT computed
 * it. Before differentiation (a forward pass alone) the gradients are empty.
 *
 * @param loss the scalar loss, on the minibatch's device
 * @param gradients one gradient per parameter, by the parameter's name; empty before differentiation
 * @param output whatever else the forward pass yields that the caller needs (for a language
 *     model the new state)
 */
public record Step<O>(NDArray loss, Map<String, NDArray> gradients, O output) {

    /** A forward pass's result, not yet differentiated. */
    public static <O> Step<O> forward(NDArray loss, O output) {
        return new Step<>(loss, Map.of(), output);
    }
}
