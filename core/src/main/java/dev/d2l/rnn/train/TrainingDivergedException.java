package dev.d2l.rnn.train;

/**
 * Training met a NaN or infinite loss; the parameters still hold the last good update. A DJL
 * {@link ai.djl.TrainingDivergedException}, which DJL's own training code throws for the same.
 */
public class TrainingDivergedException extends ai.djl.TrainingDivergedException {

    private static final long serialVersionUID = 1L;

    private final int epoch;
    private final int batch;

    TrainingDivergedException(int epoch, int batch, float loss) {
        super("Training diverged: loss " + loss + " at epoch " + epoch + ", minibatch " + batch
                + "; the parameters keep the last finite update (try a smaller learning rate or gradient clipping)");
        this.epoch = epoch;
        this.batch = batch;
    }

    /** The 1-based epoch where the loss stopped being finite. */
    public int epoch() {
        return epoch;
    }

    /** The 0-based minibatch within that epoch. */
    public int batch() {
        return batch;
    }
}
