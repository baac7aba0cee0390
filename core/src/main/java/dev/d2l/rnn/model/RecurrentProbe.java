package dev.d2l.rnn.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.d2l.rnn.engine.Capabilities;
import dev.d2l.rnn.engine.Capability;
import dev.d2l.rnn.engine.GradientRecording;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Runs the engine's fused recurrent op and the portable layer with the same weights on a tiny
 * input and a non-zero state, once per parameter order, and answers with the first fused path
 * that agrees everywhere within {@link #TOLERANCE}, else {@link RecurrentPath#PORTABLE}.
 *
 * <p>A fused path must agree both as the calling thread is and inside a gradient collector:
 * PyTorch's fused LSTM is right with autograd recording and wrong without (it takes another
 * native code path), and a model runs both ways, training and then evaluating or generating.
 */
final class RecurrentProbe {

    private static final float TOLERANCE = 1e-5f;

    private static final int STEPS = 3;
    private static final int BATCH = 2;
    // Input and hidden sizes differ, so weights read in the wrong place do not pass by accident.
    private static final int INPUT = 3;
    private static final int HIDDEN = 2;
    private static final long SEED = 8;

    private RecurrentProbe() {}

    /**
     * The path for this configuration, or null when it cannot be decided now: the engine has
     * autograd but a gradient collector is already open, so the fused op cannot be run both ways.
     */
    static RecurrentPath probe(Engine engine, RecurrentCell cell, int layers, boolean bidirectional) {
        Capabilities capabilities = Capabilities.of(engine);
        try (NDManager manager = engine.newBaseManager(Device.cpu())) {
            NDList inputs = inputs(manager, cell, layers, bidirectional);
            float[][] expected = run(manager, inputs, cell, layers, bidirectional, RecurrentPath.PORTABLE);
            List<RecurrentPath> agreeing = new ArrayList<>();
            for (RecurrentPath path : RecurrentPath.distinctFused(layers, bidirectional)) {
                if (agrees(manager, inputs, cell, layers, bidirectional, path, expected)) {
                    agreeing.add(path);
                }
            }
            if (agreeing.isEmpty()) {
                return RecurrentPath.PORTABLE;
            }
            if (!capabilities.has(Capability.AUTOGRAD)) {
                return agreeing.get(0);
            }
            GradientCollector collector;
            try {
                collector = GradientRecording.of(engine).newGradientCollector();
            } catch (IllegalStateException alreadyOpen) {
                return null;
            }
            try (collector) {
                for (RecurrentPath path : agreeing) {
                    if (agrees(manager, inputs, cell, layers, bidirectional, path, expected)) {
                        return path;
                    }
                }
            }
            return RecurrentPath.PORTABLE;
        }
    }

    private static boolean agrees(NDManager manager, NDList inputs, RecurrentCell cell, int layers,
            boolean bidirectional, RecurrentPath path, float[][] expected) {
        try (NDManager scope = manager.newSubManager()) {
            return agree(expected, run(scope, inputs, cell, layers, bidirectional, path));
        } catch (RuntimeException e) {
            // The engine has no fused op, or not for these arguments.
            return false;
        }
    }

    private static NDList inputs(NDManager manager, RecurrentCell cell, int layers, boolean bidirectional) {
        Random random = new Random(SEED);
        NDList inputs = new NDList(manager.create(uniform(random, STEPS * BATCH * INPUT), new Shape(STEPS, BATCH, INPUT)));
        Shape state = new Shape((long) layers * (bidirectional ? 2 : 1), BATCH, HIDDEN);
        for (int i = 0; i < cell.states(); i++) {
            inputs.add(manager.create(uniform(random, Math.toIntExact(state.size())), state));
        }
        return inputs;
    }

    private static float[][] run(NDManager manager, NDList inputs, RecurrentCell cell, int layers,
            boolean bidirectional, RecurrentPath path) {
        RecurrentLayer layer = RecurrentLayer.builder()
                .setCell(cell)
                .setHiddenSize(HIDDEN)
                .optLayers(layers)
                .optBidirectional(bidirectional)
                .optSeed(SEED)
                .optPath(path)
                .build();
        layer.initialize(manager, DataType.FLOAT32, inputs.getShapes());
        NDList outputs = layer.forward(new ParameterStore(manager, false), inputs, false);
        List<float[]> values = new ArrayList<>();
        for (NDArray output : outputs) {
            values.add(output.toFloatArray());
        }
        return values.toArray(new float[0][]);
    }

    private static boolean agree(float[][] expected, float[][] actual) {
        if (expected.length != actual.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if (expected[i].length != actual[i].length) {
                return false;
            }
            for (int j = 0; j < expected[i].length; j++) {
                // Written so that NaN disagrees.
                if (!(Math.abs(expected[i][j] - actual[i][j]) <= TOLERANCE)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static float[] uniform(Random random, int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = 2 * random.nextFloat() - 1;
        }
        return values;
    }
}
