package dev.d2l.rnn.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RecordingTurnsTest {

    private final ExecutorService other = Executors.newSingleThreadExecutor();

    @AfterEach
    void stopOtherThread() {
        other.shutdownNow();
    }

    @Test
    void anotherThreadWaitsUntilTheTurnEnds() throws Exception {
        RecordingTurns turns = new RecordingTurns("Engine 1.0", Duration.ofSeconds(60));
        turns.begin();
        Future<String> waiting = other.submit(() -> {
            turns.begin();
            turns.end();
            return "recorded";
        });
        assertThrows(TimeoutException.class, () -> waiting.get(300, TimeUnit.MILLISECONDS));
        turns.end();
        assertEquals("recorded", waiting.get(10, TimeUnit.SECONDS));
    }

    @Test
    void theHolderMayBeginAgainAndMustEndAsOften() throws Exception {
        RecordingTurns turns = new RecordingTurns("Engine 1.0", Duration.ofMillis(200));
        turns.begin();
        turns.begin();
        turns.end();
        assertThrows(ExecutionException.class, () -> other.submit(turns::begin).get(10, TimeUnit.SECONDS),
                "still held after one end");
        turns.end();
        other.submit(() -> {
            turns.begin();
            turns.end();
        }).get(10, TimeUnit.SECONDS);
    }

    @Test
    void waitingLongerThanThePatienceIsAClearError() throws Exception {
        RecordingTurns turns = new RecordingTurns("PyTorch 2.7.1", Duration.ofMillis(200));
        turns.begin();
        long start = System.nanoTime();
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> other.submit(turns::begin).get(10, TimeUnit.SECONDS));
        assertTrue(System.nanoTime() - start >= 200_000_000L, "waited the patience out");
        assertTrue(e.getCause() instanceof IllegalStateException, e.toString());
        assertEquals("PyTorch 2.7.1 records gradients on one thread at a time, and another thread has been recording"
                + " for more than 0.2 s: close every gradient collector when its minibatch is done"
                + " (try-with-resources), or train one model at a time", e.getCause().getMessage());
        turns.end();
    }

    @Test
    void anInterruptedWaitIsAnErrorAndKeepsTheInterrupt() throws Exception {
        RecordingTurns turns = new RecordingTurns("Engine 1.0", Duration.ofSeconds(60));
        turns.begin();
        Future<String> waiting = other.submit(() -> {
            try {
                turns.begin();
                return "took the turn";
            } catch (IllegalStateException e) {
                return e.getMessage() + "; interrupted " + Thread.currentThread().isInterrupted();
            }
        });
        assertThrows(TimeoutException.class, () -> waiting.get(200, TimeUnit.MILLISECONDS));
        other.shutdownNow();
        assertEquals("Interrupted while waiting to record gradients on Engine 1.0, which records on one thread at a"
                + " time; interrupted true", waiting.get(10, TimeUnit.SECONDS));
        turns.end();
    }
}
