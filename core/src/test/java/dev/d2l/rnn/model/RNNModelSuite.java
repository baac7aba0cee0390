package dev.d2l.rnn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.d2l.rnn.engine.Capabilities;
import dev.d2l.rnn.engine.Capability;
import dev.d2l.rnn.testing.EngineTestBase;
import dev.d2l.rnn.train.GradientClipping;
import dev.d2l.rnn.train.GradientSource;
import dev.d2l.rnn.train.Objective;
import dev.d2l.rnn.train.Sgd;
import dev.d2l.rnn.train.Updater;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The concise language model on one engine: logits in step-major order against plain Java,
 * LSTM's two states across calls, the block API (shapes, save and load), and a few SGD steps.
 */
public abstract class RNNModelSuite extends EngineTestBase {

    private static final int VOCAB = 7;
    private static final int HIDDEN = 5;
    private static final int BATCH = 3;
    private static final int STEPS = 6;

    @ParameterizedTest(name = "{0}, {1} layer(s), bidirectional {2}")
    @CsvSource({"RNN_TANH, 1, false", "GRU, 2, true", "LSTM, 1, false", "LSTM, 2, true"})
    void logitsAreStepMajorAndMatchPlainJava(RecurrentCell cell, int layers, boolean bidirectional) {
        RNNModel model = model(cell, layers, bidirectional);
        int[][] tokens = tokens(new Random(2), BATCH, STEPS);
        int slots = layers * (bidirectional ? 2 : 1);
        double[][][][] state = new double[cell.states()][][][];
        Random random = new Random(4);
        for (int s = 0; s < state.length; s++) {
            state[s] = NestedArrays.uniform(random, slots, BATCH, HIDDEN);
        }
        double[][][] oneHot = new double[STEPS][BATCH][VOCAB];
        for (int b = 0; b < BATCH; b++) {
            for (int t = 0; t < STEPS; t++) {
                oneHot[t][b][tokens[b][t]] = 1;
            }
        }
        ReferenceRecurrence.Result layer = ReferenceRecurrence.run(cell, layers, bidirectional, HIDDEN,
                NestedArrays.parameters(model.recurrentLayer()), oneHot, state);
        Map<String, double[]> head = NestedArrays.parameters(model);
        double[] w = head.get("linear_weight");
        double[] bias = head.get("linear_bias");
        int features = model.recurrentLayer().outputSize();
        double[] expected = new double[STEPS * BATCH * VOCAB];
        for (int t = 0; t < STEPS; t++) {
            for (int b = 0; b < BATCH; b++) {
                for (int v = 0; v < VOCAB; v++) {
                    double sum = bias[v];
                    for (int k = 0; k < features; k++) {
                        sum += w[v * features + k] * layer.output()[t][b][k];
                    }
                    expected[((t * BATCH) + b) * VOCAB + v] = sum;
                }
            }
        }
        try (NDManager m = manager().newSubManager()) {
            NDList begin = new NDList();
            for (double[][][] s : state) {
                begin.add(NestedArrays.create(m, s, DataType.FLOAT32));
            }
            LanguageModel.Output out = model.forward(m.create(tokens), begin);
            assertEquals(new Shape(STEPS * BATCH, VOCAB), out.logits().getShape());
            NestedArrays.assertClose(expected, out.logits(), 1e-5, "logits");
            for (int s = 0; s < state.length; s++) {
                NestedArrays.assertClose(NestedArrays.flat(layer.state()[s]), out.state().get(s), 1e-5, "state " + s);
            }
        }
    }

    @ParameterizedTest(name = "{0} layer(s)")
    @CsvSource({"1", "2"})
    void lstmCarriesBothStatesAcrossCalls(int layers) {
        RNNModel model = model(RecurrentCell.LSTM, layers, false);
        int[][] tokens = tokens(new Random(6), BATCH, STEPS);
        int split = 2;
        int[][] first = new int[BATCH][];
        int[][] second = new int[BATCH][];
        for (int b = 0; b < BATCH; b++) {
            first[b] = java.util.Arrays.copyOfRange(tokens[b], 0, split);
            second[b] = java.util.Arrays.copyOfRange(tokens[b], split, STEPS);
        }
        try (NDManager m = manager().newSubManager()) {
            LanguageModel.Output whole = model.forward(m.create(tokens), model.beginState(m, BATCH));
            LanguageModel.Output a = model.forward(m.create(first), model.beginState(m, BATCH));
            assertEquals(2, a.state().size());
            LanguageModel.Output b = model.forward(m.create(second), a.state());
            float[] all = whole.logits().toFloatArray();
            float[] later = java.util.Arrays.copyOfRange(all, split * BATCH * VOCAB, all.length);
            assertArrayEquals(later, b.logits().toFloatArray(), 1e-6f, "logits of the later steps");
            assertArrayEquals(whole.state().get(0).toFloatArray(), b.state().get(0).toFloatArray(), 1e-6f, "h");
            assertArrayEquals(whole.state().get(1).toFloatArray(), b.state().get(1).toFloatArray(), 1e-6f, "c");
        }
    }

    @Test
    void beginStateParametersAndOutputShapes() {
        RNNModel gru = model(RecurrentCell.GRU, 2, true);
        RNNModel lstm = model(RecurrentCell.LSTM, 1, false);
        try (NDManager m = manager().newSubManager()) {
            assertEquals(List.of(new Shape(4, BATCH, HIDDEN)), List.of(gru.beginState(m, BATCH).getShapes()));
            assertEquals(List.of(new Shape(1, BATCH, HIDDEN), new Shape(1, BATCH, HIDDEN)),
                    List.of(lstm.beginState(m, BATCH).getShapes()));

            NDList inputs = new NDList(m.create(tokens(new Random(1), BATCH, STEPS))).addAll(gru.beginState(m, BATCH));
            Shape[] declared = gru.getOutputShapes(inputs.getShapes());
            assertEquals(List.of(new Shape(STEPS * BATCH, VOCAB), new Shape(4, BATCH, HIDDEN)), List.of(declared));
            assertEquals(List.of(declared), List.of(gru.forward(new ParameterStore(m, false), inputs, false).getShapes()));
            // Without a state in, only the logits come out, as DJL's losses expect.
            NDList tokensOnly = new NDList(inputs.head());
            assertEquals(List.of(new Shape(STEPS * BATCH, VOCAB)), List.of(gru.getOutputShapes(tokensOnly.getShapes())));
            assertEquals(List.of(gru.getOutputShapes(tokensOnly.getShapes())),
                    List.of(gru.forward(new ParameterStore(m, false), tokensOnly, false).getShapes()));
        }
        Map<String, NDArray> parameters = lstm.parameters();
        assertEquals(List.of("l_0_i2h_WEIGHT", "l_0_h2h_WEIGHT", "l_0_i2h_BIAS", "l_0_h2h_BIAS", "linear_weight", "linear_bias"),
                List.copyOf(parameters.keySet()));
        assertEquals(new Shape(4 * HIDDEN, VOCAB), parameters.get("l_0_i2h_WEIGHT").getShape());
        assertEquals(new Shape(VOCAB, HIDDEN), parameters.get("linear_weight").getShape());
        assertEquals(new Shape(VOCAB, 2 * HIDDEN), gru.parameters().get("linear_weight").getShape());
        double bound = 1 / Math.sqrt(2 * HIDDEN);
        for (float v : gru.parameters().get("linear_weight").toFloatArray()) {
            assertTrue(Math.abs(v) <= bound, "linear weight within torch's bound: " + v);
        }
    }

    @Test
    void parametersAskForGradientsWhereTheEngineRecordsThem() {
        RNNModel model = model(RecurrentCell.LSTM, 2, true);
        boolean records = Capabilities.of(engine()).has(Capability.AUTOGRAD);
        // DJL's ParameterStore updates only the parameters that ask for gradients.
        model.getParameters().values().forEach(p -> assertEquals(records, p.requiresGradient(), p.getName()));
        model.parameters().forEach((name, array) -> assertEquals(records, array.hasGradient(), name));
        // DJL's Trainer initializes a block again, even an initialized or loaded one.
        model.initialize(manager(), DataType.FLOAT32, new Shape(BATCH, STEPS));
        model.getParameters().values().forEach(p -> assertEquals(records, p.requiresGradient(), p.getName()));
    }

    @Test
    void tokensOfTheWrongShapeAreAClearError() {
        RNNModel model = model(RecurrentCell.GRU, 1, false);
        try (NDManager m = manager().newSubManager()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> model.forward(m.create(new int[] {1, 2, 3}), model.beginState(m, 1)));
            assertTrue(e.getMessage().contains("(batch, steps), got (3)"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> model.forward(m.create(tokens(new Random(1), BATCH, STEPS)), model.beginState(m, BATCH + 1)));
            assertTrue(e.getMessage().contains("expected (layers * directions, batch, hidden) = (1, 3, 5)"), e.getMessage());
        }
    }

    @Test
    void savesAndLoadsItsParameters(@TempDir Path dir) throws IOException, MalformedModelException {
        RNNModel saved = model(RecurrentCell.LSTM, 2, true);
        Path file = dir.resolve("lstm.params");
        try (OutputStream out = Files.newOutputStream(file)) {
            saved.saveParameters(new DataOutputStream(out));
        }
        RNNModel loaded = new RNNModel(layer(RecurrentCell.LSTM, 2, true, 99), VOCAB, 99);
        try (InputStream in = Files.newInputStream(file)) {
            loaded.loadParameters(manager(), new DataInputStream(in));
        }
        loaded.initialize(manager(), DataType.FLOAT32, new Shape(BATCH, STEPS));
        for (Map.Entry<String, NDArray> entry : saved.parameters().entrySet()) {
            assertArrayEquals(entry.getValue().toFloatArray(), loaded.parameters().get(entry.getKey()).toFloatArray(),
                    entry.getKey());
        }
        try (NDManager m = manager().newSubManager()) {
            NDArray tokens = m.create(tokens(new Random(3), BATCH, STEPS));
            assertArrayEquals(saved.forward(tokens, saved.beginState(m, BATCH)).logits().toFloatArray(),
                    loaded.forward(tokens, loaded.beginState(m, BATCH)).logits().toFloatArray());
        }

        RNNModel otherShape = new RNNModel(RecurrentLayer.builder().setCell(RecurrentCell.LSTM).setHiddenSize(HIDDEN + 1)
                .optLayers(2).optBidirectional(true).build(), VOCAB, 0);
        try (InputStream in = Files.newInputStream(file)) {
            MalformedModelException e = assertThrows(MalformedModelException.class,
                    () -> otherShape.loadParameters(manager(), new DataInputStream(in)));
            assertTrue(e.getMessage().contains("l_0_h2h_WEIGHT (20, 5) (expected (24, 6))"), e.getMessage());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"RNN_TANH", "GRU", "LSTM"})
    void sgdStepsLowerTheLoss(RecurrentCell cell) {
        assumeTrue(Capabilities.of(engine()).has(Capability.AUTOGRAD), "the engine records no gradients");
        RNNModel model = model(cell, 1, false);
        int[][] tokens = tokens(new Random(8), BATCH, STEPS + 1);
        int[][] x = new int[BATCH][];
        int[] yStepMajor = new int[BATCH * STEPS];
        for (int b = 0; b < BATCH; b++) {
            x[b] = java.util.Arrays.copyOf(tokens[b], STEPS);
            for (int t = 0; t < STEPS; t++) {
                yStepMajor[t * BATCH + b] = tokens[b][t + 1];
            }
        }
        GradientSource source = GradientSource.autograd(engine());
        Updater sgd = new Sgd(1f);
        List<Float> losses = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            try (NDManager scope = manager().newSubManager()) {
                NDArray input = scope.create(x);
                NDArray labels = scope.create(yStepMajor);
                Objective<NDList> objective = new Objective<>() {
                    @Override
                    public Map<String, NDArray> parameters() {
                        return model.parameters();
                    }

                    @Override
                    public Step<NDList> forward() {
                        LanguageModel.Output out = model.forward(input, model.beginState(scope, BATCH));
                        NDArray loss = out.logits().logSoftmax(1).mul(labels.oneHot(VOCAB)).sum(new int[] {1}).neg().mean();
                        return Step.forward(loss, out.state());
                    }
                };
                Step<NDList> step = source.compute(objective);
                GradientClipping.clip(step.gradients().values(), 1f);
                sgd.update(model.parameters(), step.gradients());
                losses.add(step.loss().getFloat());
            }
        }
        float first = losses.get(0);
        float last = losses.get(losses.size() - 1);
        assertTrue(Math.abs(first - Math.log(VOCAB)) < 0.5, "starts near ln V: " + losses);
        assertTrue(last < first - 0.15f, "loss falls: " + losses);
    }

    private RNNModel model(RecurrentCell cell, int layers, boolean bidirectional) {
        RNNModel model = new RNNModel(layer(cell, layers, bidirectional, 1), VOCAB, 1);
        model.initialize(manager(), DataType.FLOAT32, new Shape(BATCH, STEPS));
        return model;
    }

    private static RecurrentLayer layer(RecurrentCell cell, int layers, boolean bidirectional, long seed) {
        return RecurrentLayer.builder()
                .setCell(cell)
                .setHiddenSize(HIDDEN)
                .optLayers(layers)
                .optBidirectional(bidirectional)
                .optSeed(seed)
                .build();
    }

    private static int[][] tokens(Random random, int batch, int steps) {
        int[][] tokens = new int[batch][steps];
        for (int[] row : tokens) {
            for (int t = 0; t < steps; t++) {
                row[t] = random.nextInt(VOCAB);
            }
        }
        return tokens;
    }
}
