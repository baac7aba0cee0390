package dev.d2l.rnn.engine;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.training.GradientCollector;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Gradient collectors for one engine, opened so that threads recording at once work on every
 * engine: where the capability probe finds that the engine records on one thread at a time (no
 * {@link Capability#CONCURRENT_AUTOGRAD}), threads take turns, one collector at a time, in the
 * order they asked.
 *
 * <p>Thread-safe.
 */
public final class GradientRecording {

    private static final Map<String, GradientRecording> BY_ENGINE = new ConcurrentHashMap<>();
    // Far above one minibatch's forward and backward pass: reached only when a collector is left open.
    private static final Duration PATIENCE = Duration.ofMinutes(5);

    private final Engine engine;
    private final Capabilities capabilities;
    /** Null where threads need not take turns: the engine records on several at once, or not at all. */
    private final RecordingTurns turns;

    private GradientRecording(Engine engine) {
        this.engine = engine;
        this.capabilities = Capabilities.of(engine);
        this.turns = capabilities.has(Capability.AUTOGRAD) && !capabilities.has(Capability.CONCURRENT_AUTOGRAD)
                ? new RecordingTurns(capabilities.engineName() + " " + capabilities.engineVersion(), PATIENCE)
                : null;
    }

    /** Gradient recording on {@code engine}, its capabilities probed on first use. */
    public static GradientRecording of(Engine engine) {
        return BY_ENGINE.computeIfAbsent(engine.getEngineName(), name -> new GradientRecording(engine));
    }

    /**
     * A new gradient collector, to be closed on the thread that opened it, which is first
     * prepared for the engine ({@link Engines#prepareThread}). On an engine that records on one
     * thread at a time (no {@link Capability#CONCURRENT_AUTOGRAD}), it waits until no other
     * thread holds one, in the order threads asked, and holds the engine until closed: threads
     * training at once take turns minibatch by minibatch.
     *
     * @throws MissingCapabilityException on an engine without autograd (instead of the
     *     engine's raw {@code UnsupportedOperationException})
     * @throws IllegalStateException naming the engine when a collector is already open on this
     *     thread (or was opened with {@code engine.newGradientCollector()}, which takes no turn),
     *     or another thread has held the engine for minutes (a collector left open)
     */
    public GradientCollector newGradientCollector() {
        capabilities.require(Capability.AUTOGRAD, "use the bptt gradient source instead");
        // Preparing a thread may reset what the collector turns on (PyTorch's grad mode): never inside one.
        Engines.prepareThread(engine);
        if (turns == null) {
            return openCollector();
        }
        turns.begin();
        try {
            return new TurnCollector(openCollector(), turns);
        } catch (RuntimeException e) {
            turns.end();
            throw e;
        }
    }

    private GradientCollector openCollector() {
        try {
            return engine.newGradientCollector();
        } catch (IllegalStateException e) {
            throw new IllegalStateException(capabilities.engineName() + " " + capabilities.engineVersion()
                    + " cannot open a gradient collector (" + e.getMessage() + "): one is already open on this thread,"
                    + " or was opened with engine.newGradientCollector(), which does not wait for its turn", e);
        }
    }

    /**
     * Runs {@code work} while holding this engine's recording turn (at once where threads need
     * not take turns), for work that opens gradient collectors while holding a lock of its own:
     * training threads take their turn before any such lock, so taking it first here too keeps
     * the two from deadlocking.
     */
    public <T> T inTurn(Supplier<T> work) {
        if (turns == null) {
            return work.get();
        }
        turns.begin();
        try {
            return work.get();
        } finally {
            turns.end();
        }
    }

    /** A collector that holds the engine's recording turn until it is closed. */
    private static final class TurnCollector implements GradientCollector {
        private final GradientCollector collector;
        private final RecordingTurns turns;
        private boolean closed;

        TurnCollector(GradientCollector collector, RecordingTurns turns) {
            this.collector = collector;
            this.turns = turns;
        }

        @Override
        public void backward(NDArray target) {
            collector.backward(target);
        }

        @Override
        public void zeroGradients() {
            collector.zeroGradients();
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            try {
                collector.close();
            } finally {
                turns.end();
            }
        }
    }
}
