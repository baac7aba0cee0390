package dev.d2l.rnn.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import dev.d2l.rnn.model.LanguageModel;

/**
 * How a language model trains, apart from its data and how long: the updater and its learning
 * rate, the clipping threshold, where the gradients come from and whether the state is detached
 * between minibatches. The defaults are d2l 8.5's {@code train_ch8}: SGD at rate 1, gradients
 * clipped at norm 1, the model's preferred gradient source, the state detached.
 *
 * @param updater the update rule
 * @param learningRate its learning rate (the start of a {@link LearningRateSchedule}, if one is added)
 * @param clip the clipping threshold theta on the gradients' global norm; 0 turns clipping off
 * @param gradients where the gradients come from
 * @param detachState whether the carried state is cut from the previous minibatch's graph (d2l's
 *     {@code state.detach_()}); not detaching is one of d2l's exercises and needs autograd
 */
public record TrainingSpec(Updater.Kind updater, float learningRate, float clip, GradientChoice gradients,
        boolean detachState) {

    /** @throws IllegalArgumentException naming the first value that does not fit */
    public TrainingSpec {
        if (updater == null || gradients == null) {
            throw new IllegalArgumentException("Training needs an updater and a gradient choice");
        }
        Sgd.checkRate(learningRate);
        if (!(clip >= 0) || Float.isInfinite(clip)) {
            throw new IllegalArgumentException("The clipping threshold must be zero (off) or positive, got " + clip);
        }
    }

    /** A builder starting from d2l's settings. */
    public static Builder builder() {
        return new Builder();
    }

    /** A new updater as this describes, its state (Adam's moments) in {@code stateManager}. */
    public Updater newUpdater(NDManager stateManager) {
        return updater.create(stateManager, learningRate);
    }

    /**
     * The gradient source for {@code model} on {@code engine}. A state that is not detached links
     * the minibatches only through a recorded graph, so then {@link GradientChoice#AUTO} is autograd.
     */
    public GradientSource gradientSource(Engine engine, LanguageModel model) {
        GradientChoice choice = gradients == GradientChoice.AUTO && !detachState ? GradientChoice.AUTOGRAD : gradients;
        return choice.resolve(engine, model);
    }

    /** A trainer of {@code model} on {@code engine} with this source and clipping, updated by {@code updater}. */
    public LanguageModelTrainer.Builder newTrainer(LanguageModel model, Engine engine, Updater updater) {
        return LanguageModelTrainer.builder(model, gradientSource(engine, model), updater).clip(clip).detachState(detachState);
    }

    /** Builds a {@link TrainingSpec}; every component starts at d2l's. */
    public static final class Builder {

        private Updater.Kind updater = Updater.Kind.SGD;
        private float learningRate = 1;
        private float clip = 1;
        private GradientChoice gradients = GradientChoice.AUTO;
        private boolean detachState = true;

        private Builder() {}

        /** The update rule; default SGD. */
        public Builder updater(Updater.Kind updater) {
            this.updater = updater;
            return this;
        }

        /** The learning rate; default 1. */
        public Builder learningRate(float learningRate) {
            this.learningRate = learningRate;
            return this;
        }

        /** The clipping threshold; default 1, and 0 turns clipping off. */
        public Builder clip(float clip) {
            this.clip = clip;
            return this;
        }

        /** Where the gradients come from; default {@link GradientChoice#AUTO}. */
        public Builder gradients(GradientChoice gradients) {
            this.gradients = gradients;
            return this;
        }

        /** Whether the carried state is detached between minibatches; default yes. */
        public Builder detachState(boolean detachState) {
            this.detachState = detachState;
            return this;
        }

        /** @throws IllegalArgumentException naming the first value that does not fit */
        public TrainingSpec build() {
            return new TrainingSpec(updater, learningRate, clip, gradients, detachState);
        }
    }
}
