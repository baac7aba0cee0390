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
import dev.d2l.rnn.train.Objective;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The scratch RNN's written-out BPTT against autograd and against finite differences (d2l 8.7). */
public abstract class ScratchBackwardSuite extends EngineTestBase {

    @ParameterizedTest
    @EnumSource(RNNModelScratch.Activation.class)
    void explicitGradientsEqualAutogradAlsoWithACarriedState(RNNModelScratch.Activation activation) {
        assumeTrue(Capabilities.of(engine()).has(Capability.AUTOGRAD), "autograd is the reference here");
        try (NDManager m = manager().newSubManager()) {
            // Larger weights than d2l's 0.01 so every term of the gradient matters.
            RNNModelScratch net = new RNNModelScratch(m, 28, 64, activation, 11);
            net.parameters().values().forEach(p -> p.muli(30));
            Iterator<SeqDataLoader.Minibatch> batches =
                    new SeqDataLoader(TinyCorpus.indices(400), 4, 5, Sampling.SEQUENTIAL, 2).iterator();
            NDList first = batches.next().toNDList(m);
            NDList carried = net.forward(first.get(0), net.beginState(m, 4)).state();
            NDList second = batches.next().toNDList(m);
            for (NDList state : new NDList[] {net.beginState(m, 4), carried}) {
                Objective<NDList> objective = new LanguageModelObjective(net, second.get(0), second.get(1), state);
                Step<NDList> reference = GradientSource.autograd(engine()).compute(objective);
                Step<NDList> explicit = GradientSource.bptt().compute(objective);
                assertEquals(reference.loss().getFloat(), explicit.loss().getFloat(), 1e-5f);
                for (String name : net.parameters().keySet()) {
                    double error = Gradients.relativeError(reference.gradients().get(name), explicit.gradients().get(name));
                    assertTrue(error <= 1e-4, name + " relative error " + error + " with " + activation);
                }
                assertEquals(0.0, Gradients.maxAbsDiff(reference.output().get(0), explicit.output().get(0)), 1e-6);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(RNNModelScratch.Activation.class)
    void explicitGradientsMatchCentralFiniteDifferencesInFloat64(RNNModelScratch.Activation activation) {
        try (NDManager m = manager().newSubManager()) {
            RNNModelScratch net = new RNNModelScratch(m, 6, 5, activation, 3, DataType.FLOAT64);
            net.parameters().values().forEach(p -> p.muli(50));
            NDArray tokens = m.create(new int[] {1, 2, 3, 0, 5, 4, 4, 1}, new Shape(2, 4));
            NDArray labels = m.create(new int[] {2, 3, 0, 5, 4, 4, 1, 2}, new Shape(2, 4));
            NDList state = new NDList(m.create(new double[] {0.3, -0.2, 0.1, 0.5, -0.4, 0.2, 0.1, -0.1, 0.3, 0.05},
                    new Shape(2, 5)));
            Step<NDList> backward = net.bptt(tokens, labels, state);
            double eps = 1e-6;
            for (Map.Entry<String, NDArray> entry : net.parameters().entrySet()) {
                double[] analytic = backward.gradients().get(entry.getKey()).toDoubleArray();
                double[] values = entry.getValue().toDoubleArray();
                Shape shape = entry.getValue().getShape();
                for (int i = 0; i < values.length; i++) {
                    double numeric = (lossWith(net, entry.getKey(), values, i, eps, shape, tokens, labels, state)
                            - lossWith(net, entry.getKey(), values, i, -eps, shape, tokens, labels, state)) / (2 * eps);
                    assertEquals(numeric, analytic[i], 1e-6 + 1e-5 * Math.abs(numeric),
                            entry.getKey() + "[" + i + "] with " + activation);
                }
                // Leave the parameter as it was for the next one.
                entry.getValue().subi(entry.getValue()).addi(m.create(values, shape));
            }
        }
    }

    private static double lossWith(RNNModelScratch net, String name, double[] values, int index, double delta,
            Shape shape, NDArray tokens, NDArray labels, NDList state) {
        NDArray parameter = net.parameters().get(name);
        double[] moved = values.clone();
        moved[index] += delta;
        parameter.subi(parameter).addi(parameter.getManager().create(moved, shape));
        NDArray logits = net.forward(tokens, state).logits();
        return CrossEntropy.mean(logits, CrossEntropy.stepMajor(labels)).getDouble();
    }

    @ParameterizedTest
    @EnumSource(RNNModelScratch.Activation.class)
    void forwardAndBackwardLeaveNothingInTheParametersManager(RNNModelScratch.Activation activation) {
        try (NDManager owner = manager().newSubManager(); NDManager scope = manager().newSubManager()) {
            RNNModelScratch net = new RNNModelScratch(owner, TinyCorpus.vocabSize(), 8, activation, 1);
            int before = owner.getManagedArrays().size();
            NDList xy = new SeqDataLoader(TinyCorpus.indices(100), 2, 4, Sampling.SEQUENTIAL, 1).iterator().next()
                    .toNDList(scope);
            net.forward(xy.get(0), net.beginState(scope, 2));
            assertEquals(before, owner.getManagedArrays().size(), "after forward");
            net.bptt(xy.get(0), xy.get(1), net.beginState(scope, 2));
            assertEquals(before, owner.getManagedArrays().size(), "after backward");
        }
    }
}
