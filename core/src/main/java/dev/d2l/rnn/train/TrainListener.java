package dev.d2l.rnn.train;

/**
 * Receives the figures of a training run as it goes; the training loop itself prints
 * nothing. Every method has an empty default, so a listener implements only what it needs.
 */
public interface TrainListener {

    /** After each minibatch's update. */
    default void onBatch(BatchReport report) {}

    /** After each epoch. */
    default void onEpoch(EpochReport report) {}

    /**
     * One minibatch.
     *
     * @param epoch 1-based epoch
     * @param batch 0-based minibatch index within the epoch
     * @param loss its mean cross-entropy
     */
    record BatchReport(int epoch, int batch, float loss) {}

    /**
     * One epoch.
     *
     * @param epoch 1-based epoch
     * @param epochs epochs in the run
     * @param perplexity exp(mean cross-entropy over the epoch's tokens)
     * @param tokensPerSecond training speed over the epoch
     * @param tokens tokens trained on in the epoch
     * @param sample generated text, or null in epochs without a sample
     */
    record EpochReport(int epoch, int epochs, double perplexity, double tokensPerSecond, long tokens, String sample) {}
}
