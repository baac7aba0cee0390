package dev.d2l.rnn.engine;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Turns at recording gradients on an engine that records on one thread at a time: threads
 * take turns in the order they asked, and a thread that waits longer than its patience gets
 * an error instead of waiting forever. A thread may take its turn again while it holds it.
 */
final class RecordingTurns {

    private final String engine;
    private final Duration patience;
    // Fair, so that a thread training minibatch after minibatch cannot keep another waiting.
    private final ReentrantLock lock = new ReentrantLock(true);

    /**
     * @param engine the engine as the error names it ("PyTorch 2.7.1")
     * @param patience how long a thread waits for its turn
     */
    RecordingTurns(String engine, Duration patience) {
        this.engine = engine;
        this.patience = patience;
    }

    /**
     * Waits for the calling thread's turn; {@link #end} ends it.
     *
     * @throws IllegalStateException naming the engine and the wait when another thread kept its
     *     turn longer than the patience, or the wait was interrupted (the interrupt stays set)
     */
    void begin() {
        boolean taken;
        try {
            taken = lock.tryLock(patience.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting to record gradients on " + engine
                    + ", which records on one thread at a time", e);
        }
        if (!taken) {
            throw new IllegalStateException(engine + " records gradients on one thread at a time, and another thread"
                    + " has been recording for more than " + seconds(patience) + " s: close every gradient"
                    + " collector when its minibatch is done (try-with-resources), or train one model at a time");
        }
    }

    /** Ends the turn the calling thread began last. */
    void end() {
        lock.unlock();
    }

    private static String seconds(Duration duration) {
        return BigDecimal.valueOf(duration.toMillis(), 3).stripTrailingZeros().toPlainString();
    }
}
