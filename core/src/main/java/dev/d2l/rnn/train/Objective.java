package dev.d2l.rnn.train;

import ai.djl.ndarray.NDArray;
import java.util.Map;

/**
 * One minibatch's loss as a function of some parameters: what a {@link GradientSource}
 * differentiates. {@code O} is whatever else the forward pass yields that the caller needs
 * (the new recurrent state, for a language model).
 */
public interface Objective<O> {

    /** The parameters to differentiate with respect to, by name. */
    Map<String, NDArray> parameters();

    /** Runs the forward pass with NDArray operations and returns the scalar loss and the side output. */
    Forward<O> forward();

    /**
     * The gradients written out by hand (for engines without autograd, or because it is
     * faster), or {@code null} when this objective has no explicit backward pass.
     */
    default Step<O> explicitBackward() {
        return null;
    }

    /** The scalar loss array and the side output of a forward pass. */
    record Forward<O>(NDArray loss, O output) {}
}
