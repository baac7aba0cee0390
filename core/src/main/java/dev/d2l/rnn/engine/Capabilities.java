package dev.d2l.rnn.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.nn.recurrent.RNN;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.d2l.rnn.model.RecurrentCell;
import dev.d2l.rnn.model.RecurrentPath;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * What one engine can do, measured once per engine by running tiny programs on it, never
 * inferred from its name. All engine differences in this project go through this class.
 *
 * <p>Thread-safe: the engine-wide probe runs once per engine; recurrent configurations are
 * probed one at a time, each once, on a thread prepared for the engine ({@link
 * Engines#prepareThread}), so the answer does not depend on which thread asks first. On an
 * engine without {@link Capability#CONCURRENT_AUTOGRAD}, threads take turns at recording
 * gradients (see {@link #newGradientCollector}).
 */
public final class Capabilities {

    private static final Map<String, Capabilities> PROBED = new ConcurrentHashMap<>();
    private static final System.Logger LOG = System.getLogger(Capabilities.class.getName());
    // Far above one minibatch's forward and backward pass: reached only when a collector is left open.
    private static final Duration RECORDING_PATIENCE = Duration.ofMinutes(5);
    private static final long CONCURRENCY_PROBE_SECONDS = 30;

    private final Engine engine;
    private final String engineName;
    private final String engineVersion;
    private final Set<Capability> present;
    private final Map<RecurrentConfiguration, RecurrentPath> recurrentPaths = new LinkedHashMap<>();
    /** Null where threads need not take turns: the engine records on several at once, or not at all. */
    private final RecordingTurns turns;

    Capabilities(Engine engine, Set<Capability> present) {
        this.engine = engine;
        this.engineName = engine.getEngineName();
        this.engineVersion = engine.getVersion();
        this.present = present.isEmpty()
                ? Collections.emptySet()
                : Collections.unmodifiableSet(EnumSet.copyOf(present));
        this.turns = has(Capability.AUTOGRAD) && !has(Capability.CONCURRENT_AUTOGRAD)
                ? new RecordingTurns(engineName + " " + engineVersion, RECORDING_PATIENCE)
                : null;
    }

    /** The capabilities of {@code engine}, probed on first use and remembered. */
    public static Capabilities of(Engine engine) {
        return PROBED.computeIfAbsent(engine.getEngineName(), name -> probe(engine));
    }

    /** The name of the engine these capabilities belong to. */
    public String engineName() {
        return engineName;
    }

    /** The version of the engine's native library. */
    public String engineVersion() {
        return engineVersion;
    }

    /** Whether the engine has {@code capability}. */
    public boolean has(Capability capability) {
        return present.contains(capability);
    }

    /** Every capability the engine has. */
    public Set<Capability> all() {
        return present;
    }

    /**
     * Fails with an error naming the engine and the capability when the engine lacks it.
     *
     * @param hint what the user can do instead, appended to the message; may be empty
     * @throws MissingCapabilityException if the engine lacks {@code capability}
     */
    public void require(Capability capability, String hint) {
        if (!has(capability)) {
            throw new MissingCapabilityException(engineName, engineVersion, capability, hint);
        }
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
        require(Capability.AUTOGRAD, "use the explicit gradient source (BPTT) instead");
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
            throw new IllegalStateException(engineName + " " + engineVersion + " cannot open a gradient collector ("
                    + e.getMessage() + "): one is already open on this thread, or was opened with"
                    + " engine.newGradientCollector(), which does not wait for its turn", e);
        }
    }

    /** The engine these capabilities were measured on. */
    Engine engine() {
        return engine;
    }

    /**
     * How this engine runs a recurrent layer of this configuration: through its fused op, with
     * the first parameter order that makes it agree with the portable layer within 1e-5 on a
     * tiny input, both outside and inside a gradient collector; or through the portable layer
     * when no order does or the op fails. Measured on first use (milliseconds), logged once and
     * remembered. Asked while a gradient collector is open on an engine with autograd, where the
     * op cannot be tried both ways, the answer is the portable layer and is not remembered.
     */
    public RecurrentPath recurrentPath(RecurrentCell cell, int layers, boolean bidirectional) {
        RecurrentConfiguration key = new RecurrentConfiguration(cell, layers, bidirectional);
        synchronized (this) {
            RecurrentPath known = recurrentPaths.get(key);
            if (known != null) {
                return known;
            }
        }
        // The probe opens a gradient collector. Training takes its turn, then this monitor (when its
        // forward pass asks for a path); taking them here in the same order keeps the two from deadlocking.
        if (turns != null) {
            turns.begin();
        }
        try {
            Engines.prepareThread(engine);
            synchronized (this) {
                RecurrentPath path = recurrentPaths.get(key);
                if (path == null) {
                    path = RecurrentProbe.probe(this, cell, layers, bidirectional);
                    if (path == null) {
                        return RecurrentPath.PORTABLE;
                    }
                    recurrentPaths.put(key, path);
                    LOG.log(System.Logger.Level.INFO, "{0} {1}: {2} runs {3}", engineName, engineVersion, key, path);
                }
                return path;
            }
        } finally {
            if (turns != null) {
                turns.end();
            }
        }
    }

    /** Every recurrent configuration probed so far, described ("GRU, 2 layers, bidirectional"), with its path. */
    public synchronized Map<String, RecurrentPath> recurrentPaths() {
        Map<String, RecurrentPath> described = new LinkedHashMap<>();
        recurrentPaths.forEach((key, path) -> described.put(key.toString(), path));
        return described;
    }

    @Override
    public String toString() {
        String listed = Arrays.stream(Capability.values())
                .map(c -> (has(c) ? "+" : "-") + c.name().toLowerCase())
                .collect(Collectors.joining(" "));
        return engineName + " " + engineVersion + " [" + listed + "]";
    }

    private static Capabilities probe(Engine engine) {
        Set<Capability> found = EnumSet.noneOf(Capability.class);
        try (NDManager manager = engine.newBaseManager(Device.cpu())) {
            float[] grads = gradientsOverTwoScopes(engine, manager);
            if (grads != null) {
                found.add(Capability.AUTOGRAD);
                // d(2x)/dx = 2 in the first scope, d(3x)/dx = 3 in the second: 5 means added.
                if (grads[1] == 5f) {
                    found.add(Capability.ACCUMULATES_GRADIENTS);
                }
                if (recordsOnTwoThreadsAtOnce(engine, manager)) {
                    found.add(Capability.CONCURRENT_AUTOGRAD);
                }
            }
            if (runsFusedRecurrent(manager)) {
                found.add(Capability.FUSED_RECURRENT);
            }
            if (runsOptimizerUpdates(manager)) {
                found.add(Capability.OPTIMIZER_UPDATES);
            }
            if (computesLinear(manager)) {
                found.add(Capability.LINEAR);
            }
            if (gathersRows(engine, manager, found.contains(Capability.AUTOGRAD))) {
                found.add(Capability.GATHER);
            }
            if (computesFloat64(manager)) {
                found.add(Capability.FLOAT64);
            }
        }
        return new Capabilities(engine, found);
    }

    /** The gradient after the first and after the second scope, or null without autograd. */
    private static float[] gradientsOverTwoScopes(Engine engine, NDManager manager) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = scope.create(new float[] {1f});
            x.setRequiresGradient(true);
            float[] seen = new float[2];
            float[] factors = {2f, 3f};
            for (int i = 0; i < 2; i++) {
                try (GradientCollector collector = engine.newGradientCollector()) {
                    collector.backward(x.mul(factors[i]).sum());
                }
                seen[i] = x.getGradient().toFloatArray()[0];
            }
            return seen;
        } catch (UnsupportedOperationException | ai.djl.engine.EngineException e) {
            return null;
        }
    }

    /**
     * Whether a second thread records and differentiates while a collector is open on this one,
     * leaving this thread's recording intact. DJL's PyTorch collector, for one, refuses a second
     * open collector anywhere in the process.
     */
    private static boolean recordsOnTwoThreadsAtOnce(Engine engine, NDManager manager) {
        FutureTask<Float> other = new FutureTask<>(() -> {
            Engines.prepareThread(engine);
            try (NDManager scope = manager.newSubManager()) {
                NDArray y = scope.create(new float[] {1f});
                y.setRequiresGradient(true);
                try (GradientCollector collector = engine.newGradientCollector()) {
                    collector.backward(y.mul(3f).sum());
                }
                return y.getGradient().getFloat();
            }
        });
        Thread thread = new Thread(other, "d2l-autograd-probe");
        thread.setDaemon(true);
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = scope.create(new float[] {1f});
            x.setRequiresGradient(true);
            try (GradientCollector collector = engine.newGradientCollector()) {
                NDArray loss = x.mul(2f).sum();
                thread.start();
                float otherGradient = other.get(CONCURRENCY_PROBE_SECONDS, TimeUnit.SECONDS);
                collector.backward(loss);
                return otherGradient == 3f && x.getGradient().getFloat() == 2f;
            }
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean runsFusedRecurrent(NDManager manager) {
        try (NDManager scope = manager.newSubManager()) {
            RNN rnn = RNN.builder()
                    .setStateSize(2)
                    .setNumLayers(1)
                    .setActivation(RNN.Activation.TANH)
                    .optBatchFirst(true)
                    .build();
            Shape input = new Shape(1, 2, 3);
            rnn.initialize(scope, DataType.FLOAT32, input);
            NDList out = rnn.forward(
                    new ParameterStore(scope, false), new NDList(scope.ones(input)), false);
            return out.singletonOrThrow().getShape().equals(new Shape(1, 2, 2));
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** One SGD step (lr 0.1) then one Adam step (lr 0.1, moving each weight by about lr against its gradient's sign). */
    private static boolean runsOptimizerUpdates(NDManager manager) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray weight = scope.create(new float[] {1f, 2f});
            NDArray gradient = scope.create(new float[] {0.5f, -0.5f});
            Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.1f)).build().update("probe", weight, gradient);
            Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.1f)).build().update("probe", weight, gradient);
            float[] updated = weight.toFloatArray();
            return Math.abs(updated[0] - 0.85f) < 1e-4f && Math.abs(updated[1] - 2.15f) < 1e-4f;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** {@code x W^T + b} for x (1 x 2) and W (3 x 2), against the products written out. */
    private static boolean computesLinear(NDManager manager) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = scope.create(new float[] {1f, 2f}, new Shape(1, 2));
            NDArray weight = scope.create(new float[] {1f, 0f, 0f, 1f, 3f, -1f}, new Shape(3, 2));
            NDArray bias = scope.create(new float[] {0.5f, 0f, -1f});
            float[] y = Linear.linear(x, weight, bias).singletonOrThrow().toFloatArray();
            return Arrays.equals(y, new float[] {1.5f, 2f, 0f});
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Rows 2, 0, 2 of a 3 x 2 matrix by int32 indices; with autograd, the gradient of their
     * weighted sum, where row 2 is picked twice.
     */
    private static boolean gathersRows(Engine engine, NDManager manager, boolean autograd) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray weight = scope.create(new float[] {1f, 2f, 3f, 4f, 5f, 6f}, new Shape(3, 2));
            NDArray indices = scope.create(new int[] {2, 0, 2});
            if (!Arrays.equals(weight.get(indices).toFloatArray(), new float[] {5f, 6f, 1f, 2f, 5f, 6f})) {
                return false;
            }
            if (!autograd) {
                return true;
            }
            weight.setRequiresGradient(true);
            NDArray coefficients = scope.create(new float[] {1f, 2f, 3f, 4f, 5f, 6f}, new Shape(3, 2));
            try (GradientCollector collector = engine.newGradientCollector()) {
                collector.backward(weight.get(indices).mul(coefficients).sum());
            }
            return Arrays.equals(weight.getGradient().toFloatArray(), new float[] {3f, 4f, 0f, 0f, 6f, 8f});
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static boolean computesFloat64(NDManager manager) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = scope.create(new double[] {1e-300, 3.0});
            double[] y = x.mul(2.0).toDoubleArray();
            return x.getDataType() == DataType.FLOAT64 && y[0] == 2e-300 && y[1] == 6.0;
        } catch (RuntimeException e) {
            return false;
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

    private record RecurrentConfiguration(RecurrentCell cell, int layers, boolean bidirectional) {
        @Override
        public String toString() {
            return cell + ", " + layers + (layers == 1 ? " layer" : " layers") + (bidirectional ? ", bidirectional" : "");
        }
    }
}
