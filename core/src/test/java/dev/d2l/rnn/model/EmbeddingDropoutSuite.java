package dev.d2l.rnn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.d2l.rnn.data.Sampling;
import dev.d2l.rnn.data.SeqDataLoader;
import dev.d2l.rnn.engine.Capabilities;
import dev.d2l.rnn.engine.Capability;
import dev.d2l.rnn.testing.EngineTestBase;
import dev.d2l.rnn.testing.TinyCorpus;
import dev.d2l.rnn.train.GradientSource;
import dev.d2l.rnn.train.LanguageModelObjective;
import dev.d2l.rnn.train.Objective;
import java.util.Iterator;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link RNNModel}'s embedding, dropout and tied weights: forward, written-out BPTT against autograd and finite differences. */
public abstract class EmbeddingDropoutSuite extends EngineTestBase {

    private static final int V = TinyCorpus.vocabSize();

    static RNNModel model(NDManager m, RecurrentCell cell, int hidden, int layers, boolean bidirectional, int vocab,
            int embedding, double dropout, boolean tie, DataType type, RecurrentPath path) {
        RecurrentLayer layer = RecurrentLayer.builder().setCell(cell).setHiddenSize(hidden).optLayers(layers)
                .optBidirectional(bidirectional).optSeed(5).optPath(path).build();
        RNNModel model = RNNModel.builder(layer, vocab).optSeed(5).optEmbedding(embedding).optDropout(dropout).optTie(tie).build();
        model.initialize(m, type, new Shape(1, 1));
        return model;
    }

    @ParameterizedTest(name = "{0}, {1} layer(s), bidirectional {2}, embedding {3}, dropout {4}, tied {5}")
    @CsvSource({"LSTM, 2, false, 6, 0.3, false", "GRU, 1, false, 12, 0.2, true", "RNN_TANH, 2, true, 5, 0.0, false",
            "LSTM, 1, false, 0, 0.4, false", "RNN_TANH, 3, false, 12, 0.5, true"})
    void explicitGradientsEqualAutogradWithTheSameMasks(RecurrentCell cell, int layers, boolean bidirectional, int embedding,
            double dropout, boolean tie) {
        assumeTrue(Capabilities.of(engine()).has(Capability.AUTOGRAD), "autograd is the reference here");
        try (NDManager m = manager().newSubManager()) {
            RNNModel model = model(m, cell, 12, layers, bidirectional, V, embedding, dropout, tie, DataType.FLOAT32, null);
            Iterator<SeqDataLoader.Minibatch> batches = new SeqDataLoader(TinyCorpus.indices(400), 4, 5, Sampling.SEQUENTIAL, 2).iterator();
            NDList first = batches.next().toNDList(m);
            NDList carried = model.trainingForward(first.get(0), model.beginState(m, 4), 3).state();
            NDList second = batches.next().toNDList(m);
            for (NDList state : new NDList[] {model.beginState(m, 4), carried}) {
                Step<NDList> reference = Gradients.recordedThroughout(engine(), model, second.get(0), second.get(1), state, 7);
                Objective<NDList> objective = new LanguageModelObjective(model, second.get(0), second.get(1), state, 7);
                // BPTT, and training's autograd step, which writes the head's gradients out (a tied
                // weight's through the embedding).
                for (GradientSource source : new GradientSource[] {GradientSource.bptt(), GradientSource.autograd(engine())}) {
                    Gradients.assertMatches(reference, source.compute(objective), model.parameters(), source.name());
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}, embedding {1}, dropout {2}, tied {3}")
    @CsvSource({"LSTM, 3, 0.3, false", "GRU, 2, 0.5, true", "RNN_TANH, 2, 0.0, true"})
    void explicitGradientsMatchCentralFiniteDifferencesInFloat64(RecurrentCell cell, int embedding, double dropout,
            boolean tie) {
        assumeTrue(Capabilities.of(engine()).has(Capability.FLOAT64), "the engine computes in float32 only");
        try (NDManager m = manager().newSubManager()) {
            int vocab = 5;
            RNNModel model = model(m, cell, 2, 2, false, vocab, embedding, dropout, tie, DataType.FLOAT64, RecurrentPath.PORTABLE);
            model.parameters().values().forEach(p -> p.muli(3));
            NDArray tokens = m.create(new int[] {1, 2, 3, 0, 4, 4}, new Shape(2, 3));
            NDArray labels = m.create(new int[] {2, 3, 0, 4, 4, 1}, new Shape(2, 3));
            NDList state = model.beginState(m, 2);
            long minibatch = 11;
            Step<NDList> backward = model.bptt(tokens, labels, state, minibatch);
            assertEquals(lossAt(model, tokens, labels, state, minibatch), backward.loss().getDouble(), 1e-12);
            double eps = 1e-6;
            for (Map.Entry<String, NDArray> entry : model.parameters().entrySet()) {
                NDArray parameter = entry.getValue();
                double[] analytic = backward.gradients().get(entry.getKey()).toDoubleArray();
                double[] values = parameter.toDoubleArray();
                for (int i = 0; i < values.length; i++) {
                    double[] moved = values.clone();
                    moved[i] = values[i] + eps;
                    parameter.set(moved);
                    double plus = lossAt(model, tokens, labels, state, minibatch);
                    moved[i] = values[i] - eps;
                    parameter.set(moved);
                    double minus = lossAt(model, tokens, labels, state, minibatch);
                    parameter.set(values);
                    double numeric = (plus - minus) / (2 * eps);
                    assertEquals(numeric, analytic[i], 1e-7 + 1e-5 * Math.abs(numeric), entry.getKey() + "[" + i + "]");
                }
            }
        }
    }

    @Test
    void dropoutIsDrawnPerMinibatchFromTheSeedAndOnlyWhileTraining() {
        try (NDManager m = manager().newSubManager()) {
            RNNModel model = model(m, RecurrentCell.GRU, 16, 2, false, V, 8, 0.5, false, DataType.FLOAT32, null);
            NDArray tokens = m.create(TinyCorpus.indices(40), new Shape(4, 10));
            float[] minibatch3 = model.trainingForward(tokens, model.beginState(m, 4), 3).logits().toFloatArray();
            assertArrayEquals(minibatch3, model.trainingForward(tokens, model.beginState(m, 4), 3).logits().toFloatArray());
            assertFalse(java.util.Arrays.equals(minibatch3,
                    model.trainingForward(tokens, model.beginState(m, 4), 4).logits().toFloatArray()));
            float[] evaluation = model.forward(tokens, model.beginState(m, 4)).logits().toFloatArray();
            assertArrayEquals(evaluation, model.forward(tokens, model.beginState(m, 4)).logits().toFloatArray());
            assertFalse(java.util.Arrays.equals(minibatch3, evaluation));
            RNNModel same = model(m, RecurrentCell.GRU, 16, 2, false, V, 8, 0.5, false, DataType.FLOAT32, null);
            assertArrayEquals(minibatch3, same.trainingForward(tokens, same.beginState(m, 4), 3).logits().toFloatArray());
        }
    }

    @Test
    void masksDropTheirShareAndScaleTheRest() {
        try (NDManager m = manager().newSubManager()) {
            float[] mask = new DropoutMasks(1, 2, 0.2).next(m, new Shape(100, 100), DataType.FLOAT32).toFloatArray();
            int zeros = 0;
            for (float v : mask) {
                assertTrue(v == 0f || v == 1.25f, "value " + v);
                zeros += v == 0f ? 1 : 0;
            }
            assertEquals(2000, zeros, 150);
        }
    }

    @Test
    void theEmbeddingRowsAreTheLayersInput() {
        try (NDManager m = manager().newSubManager()) {
            // A one-layer RNN without bias whose input weight is the identity passes its input straight into tanh.
            RNNModel model = model(m, RecurrentCell.RNN_TANH, 4, 1, false, 6, 4, 0, false, DataType.FLOAT32, null);
            Map<String, NDArray> p = model.parameters();
            p.get("l_0_i2h_WEIGHT").set(new float[] {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1});
            p.get("l_0_h2h_WEIGHT").muli(0);
            p.get("l_0_i2h_BIAS").muli(0);
            p.get("l_0_h2h_BIAS").muli(0);
            p.get("linear_weight").set(new float[] {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0});
            p.get("linear_bias").muli(0);
            float[] table = p.get("embedding_weight").toFloatArray();
            float[] logits = model.forward(m.create(new int[] {5, 2}, new Shape(1, 2)), model.beginState(m, 1)).logits()
                    .toFloatArray();
            for (int step = 0; step < 2; step++) {
                int token = step == 0 ? 5 : 2;
                for (int j = 0; j < 4; j++) {
                    assertEquals(Math.tanh(table[token * 4 + j]), logits[step * 6 + j], 1e-6, "step " + step + ", feature " + j);
                }
            }
        }
    }

    @Test
    void anEmbeddedModelStartsAsWordLanguageModelDoes() {
        try (NDManager m = manager().newSubManager()) {
            RNNModel embedded = model(m, RecurrentCell.LSTM, 8, 1, false, V, 8, 0, false, DataType.FLOAT32, null);
            for (String name : new String[] {"embedding_weight", "linear_weight"}) {
                float[] values = embedded.parameters().get(name).toFloatArray();
                float largest = 0;
                for (float v : values) {
                    largest = Math.max(largest, Math.abs(v));
                }
                assertTrue(largest <= 0.1f && largest > 0.09f, name + ": U(-0.1, 0.1), largest " + largest);
            }
            assertEquals(0f, embedded.parameters().get("linear_bias").abs().max().getFloat());
            RNNModel oneHot = model(m, RecurrentCell.LSTM, 8, 1, false, V, 0, 0, false, DataType.FLOAT32, null);
            assertTrue(oneHot.parameters().get("linear_bias").abs().max().getFloat() > 0.1f, "torch's nn.Linear: U(-1/sqrt(8), ...)");
        }
    }

    @Test
    void aTiedModelHasOneWeightForBothEnds() {
        try (NDManager m = manager().newSubManager()) {
            RNNModel tied = model(m, RecurrentCell.LSTM, 8, 1, false, V, 8, 0, true, DataType.FLOAT32, null);
            assertTrue(tied.tied());
            assertTrue(tied.parameters().containsKey("embedding_weight"));
            assertFalse(tied.parameters().containsKey("linear_weight"));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> model(m, RecurrentCell.LSTM, 8, 1, false, V, 6, 0, true, DataType.FLOAT32, null));
            assertTrue(e.getMessage().contains("output size, 8, got 6"), e.getMessage());
            assertThrows(IllegalArgumentException.class,
                    () -> model(m, RecurrentCell.LSTM, 8, 1, false, V, 8, 1.0, false, DataType.FLOAT32, null));
        }
    }

    private static double lossAt(RNNModel model, NDArray tokens, NDArray labels, NDList state, long minibatch) {
        NDArray logits = model.trainingForward(tokens, state, minibatch).logits();
        return CrossEntropy.mean(logits, CrossEntropy.stepMajor(labels)).getDouble();
    }

    static double[] uniform(Random random, long size) {
        double[] values = new double[Math.toIntExact(size)];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextDouble() - 0.5;
        }
        return values;
    }
}
