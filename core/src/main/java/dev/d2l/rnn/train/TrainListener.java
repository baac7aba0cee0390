package dev.d2l.rnn.train;

import ai.djl.ndarray.NDList;

/**
 * Receives the figures of a training run as it goes; the training loop itself prints
 * nothing. Every method has an empty default, so a listener implements only what it needs.
 */
public interface TrainListener {

    /** After each minibatch's update. */
    default void onBatch(BatchReport report) {}

    /** After each epoch. */
    default void onEpoch(EpochReport report) {}

    /** When the run stops early on a {@link StopRequest}, after the last minibatch it trained. */
    default void onStop(StopReport report) {}

    /**
     * One minibatch.
     *
     * @param epoch 1-based epoch
     * @param batch 0-based minibatch index within the epoch
     * @param loss its mean cross-entropy
     * @param tokens the tokens it predicted
     * @param seconds the time from fetching it to the end of its update
     * @param gradientNorm the gradients' norm before clipping, NaN when the run does not clip
     */
    record BatchReport(int epoch, int batch, float loss, long tokens, double seconds, float gradientNorm) {}

    /**
     * One epoch.
     *
     * @param epoch 1-based epoch
     * @param epochs epochs in the run
     * @param perplexity exp(mean cross-entropy over the epoch's tokens)
     * @param tokensPerSecond training speed over the epoch
     * @param tokens tokens trained on in the epoch
     * @param sample generated text, or null in epochs without a sample
     * @param validPerplexity perplexity on the validation tokens after the epoch, NaN without validation
     * @param learningRate the rate the epoch trained at, NaN without a learning-rate schedule
     * @param improved whether the validation perplexity is below every earlier epoch's (the first
     *     validated epoch's always is)
     */
    record EpochReport(int epoch, int epochs, double perplexity, double tokensPerSecond, long tokens, String sample,
            double validPerplexity, double learningRate, boolean improved) {

        /** An epoch of a run without validation and without a schedule. */
        public EpochReport(int epoch, int epochs, double perplexity, double tokensPerSecond, long tokens, String sample) {
            this(epoch, epochs, perplexity, tokensPerSecond, tokens, sample, Double.NaN, Double.NaN, false);
        }

        /** Whether the epoch was validated. */
        public boolean validated() {
            return !Double.isNaN(validPerplexity);
        }
    }

    /**
     * Where a run stopped early.
     *
     * @param position the epoch under way and what of it was trained
     * @param epochs epochs the run was to train
     * @param state the state carried into the next minibatch (sequential partitioning), empty if
     *     none; its arrays live only during the call, so copy or save them there
     */
    record StopReport(EpochPosition position, int epochs, NDList state) {}
}
