package dev.d2l.rnn.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * A language model with backpropagation through time written out with NDArray operations (d2l
 * 8.7), truncated at the minibatch boundary: it trains on engines without autograd
 * (TensorFlow), and where it is faster than autograd. A trainer given the BPTT gradient source
 * checks, when it is built, that its model is one.
 */
public interface BpttModel extends LanguageModel {

    /**
     * The mean cross-entropy of a minibatch against its labels in step-major order, and its
     * gradients, without dropout.
     *
     * @param tokens (batch, steps) token indices
     * @param labels (batch, steps) next-token indices
     * @param state the incoming state, treated as a constant
     * @return the loss, one gradient per parameter (the names of {@link #parameters()}) and the new state
     */
    Step<NDList> bptt(NDArray tokens, NDArray labels, NDList state);

    /**
     * {@link #bptt(NDArray, NDArray, NDList)} with the dropout masks of {@link #trainingForward}
     * for {@code minibatch}; models without dropout need not override it.
     */
    default Step<NDList> bptt(NDArray tokens, NDArray labels, NDList state, long minibatch) {
        return bptt(tokens, labels, state);
    }

    /**
     * Whether training on {@code engine} should take its gradients from the engine's autograd
     * (where it has one) rather than from {@link #bptt}: true unless BPTT is faster there. See
     * {@code GradientSource#preferred}.
     */
    default boolean prefersAutograd(Engine engine) {
        return true;
    }
}
