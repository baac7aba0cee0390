package dev.d2l.rnn.train;

/**
 * Asks a running {@link LanguageModelTrainer#fit fit} or {@code resume} to stop after the
 * minibatch it is training, from any thread (a signal handler, a UI, a timer). The trainer
 * then reports where it stands to its listeners ({@link TrainListener#onStop}) and returns; a
 * checkpoint written there lets {@code resume} continue on the very minibatches the run would
 * have seen.
 *
 * <p>Thread-safe. A request stays made: a trainer given a requested stop trains nothing.
 */
public final class StopRequest {

    private volatile boolean requested;

    /** Asks the trainer to stop after its current minibatch. */
    public void request() {
        requested = true;
    }

    /** Whether a stop has been asked for. */
    public boolean isRequested() {
        return requested;
    }
}
