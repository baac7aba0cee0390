package dev.d2l.rnn.train;

import ai.djl.ndarray.NDArray;
import dev.d2l.rnn.model.Step;
import java.util.Map;

/**
 * One minibatch's loss as a function of some parameters: what a {@link GradientSource}
 * differentiates. {@code O} is whatever else the forward pass yields that the caller needs
 * (the new recurrent state, for a language model). Objectives whose backward pass is also
 * written out are {@link BpttObjective}s.
 */
public interface Objective<O> {

    /** The parameters to differentiate with respect to, by name. */
    Map<String, NDArray> parameters();

    /**
     * Runs the forward pass with NDArray operations: the scalar loss, the side output and what
     * autograd is to differentiate ({@link Step#forward}, or {@link Step#partly} with some
     * gradients written out).
     */
    Step<O> forward();
}
