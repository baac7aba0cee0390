package dev.d2l.rnn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import dev.d2l.rnn.train.LanguageModelTrainer;
import dev.d2l.rnn.train.Objective;
import dev.d2l.rnn.train.Sgd;
import dev.d2l.rnn.train.TrainListener;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The concise model's written-out BPTT ({@link RNNModel#bptt}) against autograd and against
 * float64 finite differences, for every cell, one and two layers, one and two directions; and
 * training with it.
 */
public abstract class RNNModelBackwardSuite extends EngineTestBase {

    @ParameterizedTest(name = "{0}, {1} layer(s), bidirectional {2}")
    @CsvSource({"RNN_TANH, 1, false", "RNN_TANH, 2, true", "RNN_RELU, 1, false", "GRU, 1, false", "GRU, 2, true",
            "LSTM, 1, false", "LSTM, 2, true"})
    void explicitGradientsEqualAutogradAlsoWithACarriedState(RecurrentCell cell, int layers, boolean bidirectional) {
        assumeTrue(Capabilities.of(engine()).has(Capability.AUTOGRAD), "autograd is the reference here");
        try (NDManager m = manager().newSubManager()) {
            RNNModel model = model(m, cell, 16, layers, bidirectional, TinyCorpus.vocabSize(), DataType.FLOAT32, 11);
            Iterator<SeqDataLoader.Minibatch> batches =
                    new SeqDataLoader(TinyCorpus.indices(400), 4, 5, Sampling.SEQUENTIAL, 2).iterator();
            NDList first = batches.next().toNDList(m);
            NDList carried = model.forward(first.get(0), model.beginState(m, 4)).state();
            NDList second = batches.next().toNDList(m);
            for (NDList state : new NDList[] {model.beginState(m, 4), carried}) {
                Step<NDList> reference = Gradients.recordedThroughout(engine(), model, second.get(0), second.get(1), state, 0);
                Objective<NDList> objective = new LanguageModelObjective(model, second.get(0), second.get(1), state);
                // BPTT, and training's autograd step, which writes the head's gradients out.
                for (GradientSource source : new GradientSource[] {GradientSource.bptt(), GradientSource.autograd(engine())}) {
                    Step<NDList> explicit = source.compute(objective);
                    Gradients.assertMatches(reference, explicit, model.parameters(), source.name());
                    assertEquals(reference.output().size(), explicit.output().size());
                    for (int s = 0; s < reference.output().size(); s++) {
                        assertEquals(0.0, Gradients.maxAbsDiff(reference.output().get(s), explicit.output().get(s)), 1e-5,
                                source.name() + ": state " + s);
                    }
                }
            }
        }
    }

    /**
     * Element by element where the model is small enough; for the larger ones one derivative
     * per parameter array along a random direction (two forward passes instead of two per
     * element, which TensorFlow's eager ops make slow), where a wrong element still shows.
     */
    @ParameterizedTest(name = "{0}, {1} layer(s), bidirectional {2}, per element {3}")
    @CsvSource({"RNN_TANH, 1, false, true", "RNN_TANH, 2, true, true", "RNN_RELU, 1, false, true", "GRU, 1, false, true",
            "LSTM, 1, false, true", "GRU, 2, true, false", "LSTM, 2, true, false"})
    void explicitGradientsMatchCentralFiniteDifferencesInFloat64(RecurrentCell cell, int layers, boolean bidirectional,
            boolean perElement) {
        assumeTrue(Capabilities.of(engine()).has(Capability.FLOAT64), "the engine computes in float32 only");
        try (NDManager m = manager().newSubManager()) {
            int vocab = 5;
            // Portable on every engine: MXNet's fused ReLU RNN is only float32-accurate in float64
            // (off by 8e-8), too coarse for differences of 1e-6.
            RNNModel model = model(m, cell, 2, layers, bidirectional, vocab, DataType.FLOAT64, 3, RecurrentPath.PORTABLE);
            // Larger weights than torch's bound so that the nonlinearities bend.
            model.parameters().values().forEach(p -> p.muli(2));
            NDArray tokens = m.create(new int[] {1, 2, 3, 0, 4, 4}, new Shape(2, 3));
            NDArray labels = m.create(new int[] {2, 3, 0, 4, 4, 1}, new Shape(2, 3));
            Random random = new Random(7);
            NDList state = new NDList();
            for (NDArray zeros : model.beginState(m, 2)) {
                state.add(m.create(uniform(random, zeros.size()), zeros.getShape()));
            }
            Step<NDList> backward = model.bptt(tokens, labels, state);
            assertEquals(lossAt(model, tokens, labels, state), backward.loss().getDouble(), 1e-12);
            double eps = 1e-6;
            for (Map.Entry<String, NDArray> entry : model.parameters().entrySet()) {
                NDArray parameter = entry.getValue();
                double[] analytic = backward.gradients().get(entry.getKey()).toDoubleArray();
                double[] values = parameter.toDoubleArray();
                int checks = perElement ? values.length : 1;
                for (int i = 0; i < checks; i++) {
                    double[] direction = perElement ? new double[values.length] : uniform(random, values.length);
                    if (perElement) {
                        direction[i] = 1;
                    }
                    double expected = 0;
                    for (int j = 0; j < values.length; j++) {
                        expected += analytic[j] * direction[j];
                    }
                    set(parameter, values, direction, eps);
                    double plus = lossAt(model, tokens, labels, state);
                    set(parameter, values, direction, -eps);
                    double minus = lossAt(model, tokens, labels, state);
                    double numeric = (plus - minus) / (2 * eps);
                    assertEquals(numeric, expected, 1e-7 + 1e-5 * Math.abs(numeric),
                            entry.getKey() + (perElement ? "[" + i + "]" : " along a random direction"));
                }
                // Leave the parameter as it was for the next one.
                set(parameter, values, values, 0);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"RNN_TANH", "GRU", "LSTM"})
    void explicitBackwardTrainsTheModelAsAutogradDoes(RecurrentCell cell) {
        List<Double> explicit = perplexities(cell, GradientSource.bptt());
        double first = explicit.get(0);
        double last = explicit.get(explicit.size() - 1);
        assertTrue(first > 10, "first epoch perplexity " + first);
        assertTrue(last < first * 0.8, "perplexity " + explicit);
        if (Capabilities.of(engine()).has(Capability.AUTOGRAD)) {
            List<Double> autograd = perplexities(cell, GradientSource.autograd(engine()));
            for (int i = 0; i < explicit.size(); i++) {
                assertEquals(autograd.get(i), explicit.get(i), 1e-3 * autograd.get(i), "epoch " + (i + 1));
            }
        }
    }

    private List<Double> perplexities(RecurrentCell cell, GradientSource source) {
        try (NDManager m = manager().newSubManager()) {
            RNNModel model = model(m, cell, 32, 1, false, TinyCorpus.vocabSize(), DataType.FLOAT32, 5);
            SeqDataLoader data = new SeqDataLoader(TinyCorpus.indices(3000), 16, 20, Sampling.SEQUENTIAL, 5);
            LanguageModelTrainer.Result result =
                    LanguageModelTrainer.builder(model, source, new Sgd(1f)).build().fit(data, 6, m);
            return result.epochs().stream().map(TrainListener.EpochReport::perplexity).toList();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"RNN_TANH", "GRU", "LSTM"})
    void forwardAndBackwardLeaveNothingInTheParametersManager(RecurrentCell cell) {
        try (NDManager owner = manager().newSubManager(); NDManager scope = manager().newSubManager()) {
            RNNModel model = model(owner, cell, 8, 2, true, TinyCorpus.vocabSize(), DataType.FLOAT32, 1);
            int before = owner.getManagedArrays().size();
            NDList xy = new SeqDataLoader(TinyCorpus.indices(100), 2, 4, Sampling.SEQUENTIAL, 1).iterator().next()
                    .toNDList(scope);
            model.forward(xy.get(0), model.beginState(scope, 2));
            assertEquals(before, owner.getManagedArrays().size(), "after forward");
            model.bptt(xy.get(0), xy.get(1), model.beginState(scope, 2));
            assertEquals(before, owner.getManagedArrays().size(), "after backward");
        }
    }

    private static RNNModel model(NDManager manager, RecurrentCell cell, int hidden, int layers, boolean bidirectional,
            int vocab, DataType dataType, long seed) {
        return model(manager, cell, hidden, layers, bidirectional, vocab, dataType, seed, null);
    }

    private static RNNModel model(NDManager manager, RecurrentCell cell, int hidden, int layers, boolean bidirectional,
            int vocab, DataType dataType, long seed, RecurrentPath path) {
        RecurrentLayer layer = RecurrentLayer.builder()
                .setCell(cell)
                .setHiddenSize(hidden)
                .optLayers(layers)
                .optBidirectional(bidirectional)
                .optSeed(seed)
                .optPath(path)
                .build();
        RNNModel model = new RNNModel(layer, vocab, seed);
        model.initialize(manager, dataType, new Shape(1, 1));
        return model;
    }

    private static double lossAt(RNNModel model, NDArray tokens, NDArray labels, NDList state) {
        NDArray logits = model.forward(tokens, state).logits();
        return CrossEntropy.mean(logits, CrossEntropy.stepMajor(labels)).getDouble();
    }

    /** Sets the parameter to {@code values + by * direction}, in place. */
    private static void set(NDArray parameter, double[] values, double[] direction, double by) {
        double[] moved = values.clone();
        for (int j = 0; j < moved.length; j++) {
            moved[j] += by * direction[j];
        }
        try (NDArray update = parameter.getManager().create(moved, parameter.getShape())) {
            parameter.subi(parameter).addi(update);
        }
    }

    private static double[] uniform(Random random, long size) {
        double[] values = new double[Math.toIntExact(size)];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextDouble() - 0.5;
        }
        return values;
    }
}
