package dev.d2l.rnn.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import dev.d2l.rnn.engine.Capabilities;
import dev.d2l.rnn.engine.Capability;
import dev.d2l.rnn.model.LanguageModel;
import dev.d2l.rnn.model.Step;

/**
 * How one minibatch's gradients are obtained: recorded by the engine's autograd, or computed
 * by the objective's own backward pass written out with NDArray operations (BPTT, d2l 8.7).
 * {@link GradientChoice} names them for users.
 */
public interface GradientSource {

    /** Differentiates {@code objective}; the caller owns the current NDManager scope. */
    <O> Step<O> compute(Objective<O> objective);

    /** A short name for logs and reports: "autograd" or "bptt". */
    String name();

    /**
     * Whether gradients flow through a recorded graph, so a carried state that is not
     * detached links one minibatch's backward pass to the previous ones. BPTT always stops at
     * the minibatch boundary.
     */
    default boolean recordsGraph() {
        return false;
    }

    /**
     * {@code array} cut off from any recorded computation, so a later backward pass stops
     * there (d2l's {@code state.detach_()}); arrays from BPTT carry no graph.
     */
    default NDArray detach(NDArray array) {
        return array;
    }

    /**
     * The default for {@code model} on {@code engine}, the faster source measured for it (see
     * examples/README.md, Speed): {@link GradientChoice#AUTO}'s.
     *
     * @throws dev.d2l.rnn.engine.MissingCapabilityException naming the model and the engine when
     *     the model has no BPTT and the engine no autograd
     */
    static GradientSource preferred(Engine engine, LanguageModel model) {
        return GradientChoice.AUTO.resolve(engine, model);
    }

    /**
     * Gradients recorded by {@code engine}'s autograd; fails clearly on an engine without it. On
     * an engine that records on one thread at a time, threads using it take turns per minibatch.
     */
    static GradientSource autograd(Engine engine) {
        Capabilities.of(engine).require(Capability.AUTOGRAD, "use the bptt gradient source instead");
        return new AutogradSource(engine);
    }

    /** Gradients from the objective's written-out backward pass (a {@link BpttObjective}'s); works on every engine. */
    static GradientSource bptt() {
        return BpttSource.INSTANCE;
    }
}
