package dev.d2l.rnn.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.d2l.rnn.engine.Engines;
import dev.d2l.rnn.model.LanguageModel;
import dev.d2l.rnn.model.RNNModel;
import dev.d2l.rnn.model.RecurrentCell;
import dev.d2l.rnn.model.RecurrentLayer;
import dev.d2l.rnn.model.Step;
import dev.d2l.rnn.train.HeldOutPerplexity;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * An embedded two-layer LSTM with dropout on every engine: the same seed and minibatch number give
 * the same masks, hence the same training logits and written-out gradients; the embedding is
 * gathered on PyTorch and MXNet and a one-hot product on TensorFlow, with the same result; the
 * held-out perplexity agrees.
 */
class CrossEngineDropoutTest {

    private static final int VOCAB = 13;
    private static final List<String> ENGINES = List.of("PyTorch", "MXNet", "TensorFlow");

    @Test
    void everyEngineDropsTheSameUnitsAndComputesTheSameGradients() {
        Random random = new Random(3);
        int[] x = new int[4 * 7];
        int[] y = new int[4 * 7];
        int[] heldOut = new int[200];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextInt(VOCAB);
            y[i] = random.nextInt(VOCAB);
        }
        for (int i = 0; i < heldOut.length; i++) {
            heldOut[i] = random.nextInt(VOCAB);
        }
        float[] expectedLogits = null;
        float[] expectedGradient = null;
        double expectedPerplexity = Double.NaN;
        for (String name : ENGINES) {
            Engine engine = Engines.get(name);
            try (NDManager manager = engine.newBaseManager()) {
                RecurrentLayer layer = RecurrentLayer.builder().setCell(RecurrentCell.LSTM).setHiddenSize(6).optLayers(2)
                        .optSeed(9).build();
                RNNModel model = RNNModel.builder(layer, VOCAB).optSeed(9).optEmbedding(5).optDropout(0.3).create(manager);
                NDArray tokens = manager.create(x, new Shape(4, 7));
                NDArray labels = manager.create(y, new Shape(4, 7));
                NDList state = model.beginState(manager, 4);
                float[] logits = model.trainingForward(tokens, state, 12).logits().toFloatArray();
                Step<NDList> backward = model.bptt(tokens, labels, state, 12);
                float[] gradient = backward.gradients().get("embedding_weight").toFloatArray();
                double perplexity = new HeldOutPerplexity(heldOut, 4, 10).of(model, manager);
                if (expectedLogits == null) {
                    expectedLogits = logits;
                    expectedGradient = gradient;
                    expectedPerplexity = perplexity;
                } else {
                    assertArrayEquals(expectedLogits, logits, 1e-5f, name + ": training logits");
                    assertArrayEquals(expectedGradient, gradient, 1e-6f, name + ": embedding gradient");
                    assertEquals(expectedPerplexity, perplexity, 1e-5 * expectedPerplexity, name + ": held-out perplexity");
                }
            }
        }
    }
}
