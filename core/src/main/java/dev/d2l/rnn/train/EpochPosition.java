package dev.d2l.rnn.train;

/**
 * Where a run stands inside an epoch: the minibatches of epoch {@link #epoch} already trained,
 * and the sum over them of loss times tokens, from which the epoch's perplexity goes on. With the
 * carried state (sequential partitioning) it is all a run stopped mid-epoch needs to continue
 * exactly as if it had never stopped.
 *
 * @param epoch the 1-based epoch under way
 * @param batches minibatches of it already trained; 0 at its start
 * @param lossTimesTokens the sum of each trained minibatch's mean loss times its tokens
 * @param tokens the tokens of those minibatches
 */
public record EpochPosition(int epoch, int batches, double lossTimesTokens, long tokens) {

    /** @throws IllegalArgumentException for a position no run can reach */
    public EpochPosition {
        if (epoch < 1 || batches < 0 || tokens < 0 || !Double.isFinite(lossTimesTokens) || lossTimesTokens < 0
                || (batches == 0) != (tokens == 0) || (batches == 0 && lossTimesTokens != 0) || tokens < batches) {
            throw new IllegalArgumentException("Not a position inside an epoch: epoch " + epoch + ", " + batches
                    + " minibatches, " + tokens + " tokens, loss times tokens " + lossTimesTokens);
        }
    }

    /** The start of {@code epoch}. */
    public static EpochPosition start(int epoch) {
        return new EpochPosition(epoch, 0, 0, 0);
    }

    /** Whether no minibatch of the epoch has been trained yet. */
    public boolean atStart() {
        return batches == 0;
    }
}
