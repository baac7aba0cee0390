package dev.d2l.rnn.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import ai.djl.nn.recurrent.RNN;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.function.BinaryOperator;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The tiny programs that measure an engine's {@link Capability capabilities}: each runs a few
 * operations and checks what comes back against what is known here, so a capability is present
 * only where the engine computes it right, and absent where it throws or computes otherwise.
 */
final class CapabilityProbe {

    private static final long CONCURRENCY_PROBE_SECONDS = 30;

    private CapabilityProbe() {}

    /** Every capability {@code engine} shows on the probes (on the CPU, in a manager of their own). */
    static Set<Capability> measure(Engine engine) {
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
            if (picksPerRow(engine, manager, found.contains(Capability.AUTOGRAD))) {
                found.add(Capability.PICK);
            }
            if (assignsInPlace(manager)) {
                found.add(Capability.ASSIGN);
            }
            if (addsToPickedInPlace(manager)) {
                found.add(Capability.ASSIGN_PICKED);
            }
            if (computesFloat64(manager)) {
                found.add(Capability.FLOAT64);
            }
        }
        return found;
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
     * Rows 2, 0, 2 of a 3 x 2 matrix by int32 indices, through DJL's embedding op; with autograd,
     * the gradient of their weighted sum, where row 2 is picked twice.
     */
    private static boolean gathersRows(Engine engine, NDManager manager, boolean autograd) {
        return indexes(engine, manager, autograd, new Shape(3, 2), new int[] {2, 0, 2},
                (x, indices) -> Embedding.embedding(indices, x, SparseFormat.DENSE).singletonOrThrow(),
                new float[] {5f, 6f, 1f, 2f, 5f, 6f}, new float[] {1f, 2f, 3f, 4f, 5f, 6f},
                new float[] {3f, 4f, 0f, 0f, 6f, 8f});
    }

    /** Elements 2 and 0 of the rows of a 2 x 3 matrix by int32 indices; with autograd, the gradient of their weighted sum. */
    private static boolean picksPerRow(Engine engine, NDManager manager, boolean autograd) {
        return indexes(engine, manager, autograd, new Shape(2, 3), new int[] {2, 0},
                (x, indices) -> x.get(new NDIndex().addAllDim().addPickDim(indices)),
                new float[] {3f, 4f}, new float[] {2f, 5f}, new float[] {0f, 0f, 2f, 5f, 0f, 0f});
    }

    /**
     * Whether {@code op}, applied to the matrix 1, 2, 3, ... of {@code shape} and {@code indices},
     * gives {@code expected} and, with autograd, the gradient of its output weighted by {@code
     * weights} and summed is {@code expectedGradient}.
     */
    private static boolean indexes(Engine engine, NDManager manager, boolean autograd, Shape shape, int[] indices,
            BinaryOperator<NDArray> op, float[] expected, float[] weights, float[] expectedGradient) {
        try (NDManager scope = manager.newSubManager()) {
            float[] values = new float[Math.toIntExact(shape.size())];
            for (int i = 0; i < values.length; i++) {
                values[i] = i + 1;
            }
            NDArray x = scope.create(values, shape);
            NDArray index = scope.create(indices);
            if (!Arrays.equals(op.apply(x, index).toFloatArray(), expected)) {
                return false;
            }
            if (!autograd) {
                return true;
            }
            x.setRequiresGradient(true);
            try (GradientCollector collector = engine.newGradientCollector()) {
                collector.backward(op.apply(x, index).reshape(-1).mul(scope.create(weights)).sum());
            }
            return Arrays.equals(x.getGradient().toFloatArray(), expectedGradient);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Values (a negative zero among them) assigned into a 2 x 3 array, which keeps them when the values change afterwards. */
    private static boolean assignsInPlace(NDManager manager) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray target = scope.zeros(new Shape(2, 3));
            NDArray values = scope.create(new float[] {1f, -0f, 3f, 4f, 5f, 6f}, new Shape(2, 3));
            target.set(InPlace.ALL, values);
            values.addi(1f);
            return Arrays.equals(target.toFloatArray(), new float[] {1f, -0f, 3f, 4f, 5f, 6f});
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** -1 added to elements 2 and 0 of the rows of a 2 x 3 matrix, by int32 indices, in the matrix itself. */
    private static boolean addsToPickedInPlace(NDManager manager) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray target = scope.create(new float[] {1f, 2f, 3f, 4f, 5f, 6f}, new Shape(2, 3));
            InPlace.addToPickedUnchecked(target, scope.create(new int[] {2, 0}), -1f);
            return Arrays.equals(target.toFloatArray(), new float[] {1f, 2f, 2f, 3f, 5f, 6f});
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
}
