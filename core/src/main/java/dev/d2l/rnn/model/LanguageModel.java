package dev.d2l.rnn.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.Map;

/**
 * What training, generation and perplexity see of any character- or word-level language
 * model in this project: the scratch RNN and the concise {@code RNNModel} alike. Models whose
 * backward pass is also written out (BPTT) are {@link BpttModel}s.
 *
 * <p>Not thread-safe: one model is trained or sampled by one thread at a time.
 */
public interface LanguageModel {

    /** Size of the vocabulary the model reads and predicts. */
    int vocabSize();

    /**
     * The initial (zero) state for {@code batchSize} sequences, created in {@code manager} and
     * on its device: one array for RNN and GRU, two for LSTM.
     */
    NDList beginState(NDManager manager, int batchSize);

    /**
     * Runs the model over a minibatch.
     *
     * @param tokens token indices, shape (batch, steps), an integer type
     * @param state the state from {@link #beginState} or from the previous call
     * @return logits of shape (steps * batch, vocabSize) in step-major order (row
     *     {@code t * batch + b} is step t of sequence b), and the new state
     */
    Output forward(NDArray tokens, NDList state);

    /**
     * {@link #forward} while training: with the model's dropout, if it has any, its masks drawn
     * from the model's seed and {@code minibatch}. Models without dropout run {@link #forward}.
     *
     * @param minibatch a number unique to the minibatch within the run, the same on every engine
     *     and when the run resumes
     */
    default Output trainingForward(NDArray tokens, NDList state, long minibatch) {
        return forward(tokens, state);
    }

    /**
     * A minibatch's training loss (the mean cross-entropy against the labels in step-major
     * order) with the new state, for autograd to differentiate ({@link Step#forward}): by
     * default that of {@link #trainingForward}'s logits. A model may write out some parameters'
     * gradients here ({@link Step#partly}) where that is faster than recording them.
     *
     * @param labels (batch, steps) next-token indices
     * @param minibatch as for {@link #trainingForward}
     */
    default Step<NDList> trainingLoss(NDArray tokens, NDArray labels, NDList state, long minibatch) {
        Output output = trainingForward(tokens, state, minibatch);
        return Step.forward(CrossEntropy.mean(output.logits(), CrossEntropy.stepMajor(labels)), output.state());
    }

    /**
     * Every trainable parameter by a stable name, in a fixed order. The arrays are the
     * parameters themselves: updating them in place updates the model.
     */
    Map<String, NDArray> parameters();

    /** Logits and the state after the last step. */
    record Output(NDArray logits, NDList state) {}
}
