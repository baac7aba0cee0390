package dev.d2l.rnn.train;

import dev.d2l.rnn.model.Step;

/** An {@link Objective} whose gradients are also written out by hand: what {@link GradientSource#bptt} differentiates. */
public interface BpttObjective<O> extends Objective<O> {

    /** The loss, its gradients by a backward pass written out with NDArray operations, and the side output. */
    Step<O> bptt();
}
