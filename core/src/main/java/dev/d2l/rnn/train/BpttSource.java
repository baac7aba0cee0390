package dev.d2l.rnn.train;

import dev.d2l.rnn.model.BpttModel;
import dev.d2l.rnn.model.LanguageModel;
import dev.d2l.rnn.model.Step;

/** Gradients from the objective's own written-out backward pass (BPTT). */
final class BpttSource implements GradientSource {

    static final BpttSource INSTANCE = new BpttSource();

    private BpttSource() {}

    @Override
    public <O> Step<O> compute(Objective<O> objective) {
        if (!(objective instanceof BpttObjective<O> written)) {
            throw new IllegalArgumentException(objective.getClass().getName() + " has no written-out backward pass (it is "
                    + "no BpttObjective); use the autograd gradient source on an engine with autograd");
        }
        return written.bptt();
    }

    /** {@code model} as a {@link BpttModel}; else an error naming it and this gradient source. */
    static BpttModel require(LanguageModel model) {
        if (model instanceof BpttModel bptt) {
            return bptt;
        }
        throw new IllegalArgumentException("The bptt gradient source needs a model with a written-out backward pass (a "
                + "BpttModel); " + model.getClass().getName() + " has none: use the autograd gradient source");
    }

    @Override
    public String name() {
        return "bptt";
    }
}
