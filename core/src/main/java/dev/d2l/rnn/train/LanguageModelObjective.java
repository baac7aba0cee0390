package dev.d2l.rnn.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import dev.d2l.rnn.model.BpttModel;
import dev.d2l.rnn.model.LanguageModel;
import dev.d2l.rnn.model.Step;
import java.util.Map;

/**
 * One minibatch's mean cross-entropy of a language model, as d2l computes it against the
 * labels in step-major order ({@link LanguageModel#trainingLoss}); the side output is the new
 * state. Its {@link #bptt} is the model's, for a {@link BpttModel}.
 */
public final class LanguageModelObjective implements BpttObjective<NDList> {

    private final LanguageModel model;
    private final NDArray tokens;
    private final NDArray labels;
    private final NDList state;
    private final long minibatch;

    /** The objective of minibatch 0 (for a model with dropout, the masks of the run's first minibatch). */
    public LanguageModelObjective(LanguageModel model, NDArray tokens, NDArray labels, NDList state) {
        this(model, tokens, labels, state, 0);
    }

    /**
     * @param model the model
     * @param tokens (batch, steps) token indices
     * @param labels (batch, steps) next-token indices
     * @param state the incoming state
     * @param minibatch the minibatch's number in the run, from which a model with dropout draws its masks
     */
    public LanguageModelObjective(LanguageModel model, NDArray tokens, NDArray labels, NDList state, long minibatch) {
        this.model = model;
        this.tokens = tokens;
        this.labels = labels;
        this.state = state;
        this.minibatch = minibatch;
    }

    @Override
    public Map<String, NDArray> parameters() {
        return model.parameters();
    }

    @Override
    public Step<NDList> forward() {
        return model.trainingLoss(tokens, labels, state, minibatch);
    }

    /** @throws IllegalArgumentException naming the model if it is no {@link BpttModel} */
    @Override
    public Step<NDList> bptt() {
        return BpttSource.require(model).bptt(tokens, labels, state, minibatch);
    }
}
