package dev.d2l.rnn.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.d2l.rnn.engine.Engines;
import dev.d2l.rnn.model.RNNModel;
import dev.d2l.rnn.model.RecurrentCell;
import dev.d2l.rnn.model.RecurrentLayer;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The concise model across engines: the same seed gives the same weights everywhere, and
 * parameters saved on PyTorch load bit for bit on MXNet and TensorFlow and give the same
 * logits there (each engine on its own path: fused or portable).
 */
class CrossEngineRNNModelTest {

    private static final int VOCAB = 11;
    private static final int HIDDEN = 6;
    private static final List<String> ENGINES = List.of("PyTorch", "MXNet", "TensorFlow");

    @ParameterizedTest(name = "{0}, {1} layer(s), bidirectional {2}")
    @CsvSource({"RNN_TANH, 1, false", "GRU, 2, true", "LSTM, 2, false"})
    void savedOnPyTorchLoadsAndRunsOnEveryEngine(RecurrentCell cell, int layers, boolean bidirectional, @TempDir Path dir)
            throws IOException, MalformedModelException {
        int[][] tokens = new int[4][9];
        Random random = new Random(1);
        for (int[] row : tokens) {
            for (int t = 0; t < row.length; t++) {
                row[t] = random.nextInt(VOCAB);
            }
        }
        Path file = dir.resolve("model.params");
        float[] expectedLogits;
        Map<String, float[]> expectedParameters;
        try (NDManager manager = Engines.get("PyTorch").newBaseManager()) {
            RNNModel saved = model(manager, cell, layers, bidirectional, 42);
            try (OutputStream out = Files.newOutputStream(file)) {
                saved.saveParameters(new DataOutputStream(out));
            }
            expectedParameters = values(saved);
            expectedLogits = logits(manager, saved, tokens);
        }
        for (String name : ENGINES) {
            Engine engine = Engines.get(name);
            try (NDManager manager = engine.newBaseManager()) {
                RNNModel sameSeed = model(manager, cell, layers, bidirectional, 42);
                assertParametersEqual(expectedParameters, values(sameSeed), name + ", same seed");

                RNNModel loaded = new RNNModel(layer(cell, layers, bidirectional, 7), VOCAB, 7);
                try (InputStream in = Files.newInputStream(file)) {
                    loaded.loadParameters(manager, new DataInputStream(in));
                }
                assertParametersEqual(expectedParameters, values(loaded), name + ", loaded");
                assertArrayEquals(expectedLogits, logits(manager, loaded, tokens), 1e-5f, name + ": logits");
            }
        }
    }

    private static RNNModel model(NDManager manager, RecurrentCell cell, int layers, boolean bidirectional, long seed) {
        RNNModel model = new RNNModel(layer(cell, layers, bidirectional, seed), VOCAB, seed);
        model.initialize(manager, DataType.FLOAT32, new Shape(1, 1));
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

    private static float[] logits(NDManager manager, RNNModel model, int[][] tokens) {
        NDArray x = manager.create(tokens);
        return model.forward(x, model.beginState(manager, tokens.length)).logits().toFloatArray();
    }

    private static Map<String, float[]> values(RNNModel model) {
        Map<String, float[]> values = new java.util.LinkedHashMap<>();
        model.parameters().forEach((name, array) -> values.put(name, array.toFloatArray()));
        return values;
    }

    private static void assertParametersEqual(Map<String, float[]> expected, Map<String, float[]> actual, String what) {
        assertEquals(expected.keySet(), actual.keySet(), what);
        for (String name : expected.keySet()) {
            assertArrayEquals(expected.get(name), actual.get(name), what + ": " + name);
        }
    }
}
