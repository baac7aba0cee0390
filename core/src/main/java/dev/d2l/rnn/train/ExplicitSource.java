package dev.d2l.rnn.train;

/** Gradients from the objective's own written-out backward pass. */
final class ExplicitSource implements GradientSource {

    static final ExplicitSource INSTANCE = new ExplicitSource();

    private ExplicitSource() {}

    @Override
    public <O> Step<O> compute(Objective<O> objective) {
        Step<O> step = objective.explicitBackward();
        if (step == null) {
            throw new UnsupportedOperationException(objective.getClass().getSimpleName()
                    + " has no explicit backward pass; use the autograd gradient source on an engine with autograd");
        }
        return step;
    }

    @Override
    public String name() {
        return "explicit";
    }
}
