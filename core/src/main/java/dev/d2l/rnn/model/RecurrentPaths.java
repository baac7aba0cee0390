package dev.d2l.rnn.model;

import ai.djl.engine.Engine;
import dev.d2l.rnn.engine.Engines;
import dev.d2l.rnn.engine.GradientRecording;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which {@link RecurrentPath} a {@link RecurrentLayer} of each configuration takes on one
 * engine, measured by {@link RecurrentProbe} on first use of the configuration (milliseconds),
 * logged once and remembered.
 *
 * <p>Thread-safe: configurations are probed one at a time, each once, on a thread prepared for
 * the engine ({@link Engines#prepareThread}), so the answer does not depend on which thread
 * asks first.
 */
public final class RecurrentPaths {

    private static final Map<String, RecurrentPaths> BY_ENGINE = new ConcurrentHashMap<>();
    private static final System.Logger LOG = System.getLogger(RecurrentPaths.class.getName());

    private final Engine engine;
    private final Map<Configuration, RecurrentPath> paths = new LinkedHashMap<>();

    private RecurrentPaths(Engine engine) {
        this.engine = engine;
    }

    /** The paths of {@code engine}'s recurrent configurations, each probed on first use. */
    public static RecurrentPaths of(Engine engine) {
        return BY_ENGINE.computeIfAbsent(engine.getEngineName(), name -> new RecurrentPaths(engine));
    }

    /**
     * How this engine runs a recurrent layer of this configuration: through its fused op, with
     * the first parameter order that makes it agree with the portable layer within 1e-5 on a
     * tiny input, both outside and inside a gradient collector; or through the portable layer
     * when no order does or the op fails. Asked while a gradient collector is open on an engine
     * with autograd, where the op cannot be tried both ways, the answer is the portable layer and
     * is not remembered.
     */
    public RecurrentPath path(RecurrentCell cell, int layers, boolean bidirectional) {
        RecurrentPath path = decide(cell, layers, bidirectional);
        return path == null ? RecurrentPath.PORTABLE : path;
    }

    /** Every configuration probed so far, described ("GRU, 2 layers, bidirectional"), with its path. */
    public synchronized Map<String, RecurrentPath> probed() {
        Map<String, RecurrentPath> described = new LinkedHashMap<>();
        paths.forEach((key, path) -> described.put(key.toString(), path));
        return described;
    }

    /** As {@link #path}, but null where it cannot be decided now (a gradient collector is open). */
    RecurrentPath decide(RecurrentCell cell, int layers, boolean bidirectional) {
        Configuration key = new Configuration(cell, layers, bidirectional);
        synchronized (this) {
            RecurrentPath known = paths.get(key);
            if (known != null) {
                return known;
            }
        }
        // The probe opens a gradient collector. Training takes its recording turn, then this monitor
        // (when its forward pass asks for a path); taking them here in the same order keeps the two
        // from deadlocking.
        return GradientRecording.of(engine).inTurn(() -> {
            Engines.prepareThread(engine);
            synchronized (this) {
                RecurrentPath path = paths.get(key);
                if (path == null) {
                    path = RecurrentProbe.probe(engine, cell, layers, bidirectional);
                    if (path == null) {
                        return null;
                    }
                    paths.put(key, path);
                    LOG.log(System.Logger.Level.INFO, "{0} {1}: {2} runs {3}",
                            engine.getEngineName(), engine.getVersion(), key, path);
                }
                return path;
            }
        });
    }

    private record Configuration(RecurrentCell cell, int layers, boolean bidirectional) {
        @Override
        public String toString() {
            return cell + ", " + layers + (layers == 1 ? " layer" : " layers") + (bidirectional ? ", bidirectional" : "");
        }
    }
}
