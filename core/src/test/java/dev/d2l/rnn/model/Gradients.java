package dev.d2l.rnn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import dev.d2l.rnn.train.GradientSource;
import dev.d2l.rnn.train.Objective;
import java.util.LinkedHashMap;
import java.util.Map;

/** Comparing gradients and states read back from an engine. */
final class Gradients {

    private Gradients() {}

    /**
     * The engine's autograd of the mean cross-entropy of {@code model}'s training logits, every
     * gradient recorded (none written out, as {@link LanguageModel#trainingLoss} may): the
     * reference for written-out ones. The gradients are copies, so later passes leave them be.
     */
    static Step<NDList> recordedThroughout(Engine engine, LanguageModel model, NDArray tokens, NDArray labels,
            NDList state, long minibatch) {
        Step<NDList> step = GradientSource.autograd(engine).compute(new Objective<NDList>() {
            @Override
            public Map<String, NDArray> parameters() {
                return model.parameters();
            }

            @Override
            public Step<NDList> forward() {
                LanguageModel.Output output = model.trainingForward(tokens, state, minibatch);
                return Step.forward(CrossEntropy.mean(output.logits(), CrossEntropy.stepMajor(labels)), output.state());
            }
        });
        Map<String, NDArray> copies = new LinkedHashMap<>();
        step.gradients().forEach((name, gradient) -> copies.put(name, gradient.duplicate()));
        return new Step<>(step.loss(), copies, step.output());
    }

    /**
     * Asserts that {@code candidate}, from the gradient source named {@code source}, has {@code
     * reference}'s loss within 1e-5 and, for every one of {@code parameters}, a gradient of the
     * parameter's shape within 1e-4 relative error of the reference's.
     */
    static void assertMatches(Step<?> reference, Step<?> candidate, Map<String, NDArray> parameters, String source) {
        assertEquals(reference.loss().getFloat(), candidate.loss().getFloat(), 1e-5f, source);
        assertEquals(parameters.keySet(), candidate.gradients().keySet(), source);
        for (Map.Entry<String, NDArray> entry : parameters.entrySet()) {
            String name = entry.getKey();
            NDArray gradient = candidate.gradients().get(name);
            assertEquals(entry.getValue().getShape(), gradient.getShape(), source + ": " + name);
            double error = relativeError(reference.gradients().get(name), gradient);
            assertTrue(error <= 1e-4, source + ": " + name + " relative error " + error);
        }
    }

    /** {@code |candidate - reference| / |reference|}, Frobenius norms over the whole array. */
    static double relativeError(NDArray reference, NDArray candidate) {
        double[] a = values(reference);
        double[] b = values(candidate);
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < a.length; i++) {
            diff += (a[i] - b[i]) * (a[i] - b[i]);
            norm += a[i] * a[i];
        }
        return Math.sqrt(diff) / Math.max(Math.sqrt(norm), 1e-12);
    }

    static double maxAbsDiff(NDArray a, NDArray b) {
        double[] x = values(a);
        double[] y = values(b);
        double max = 0;
        for (int i = 0; i < x.length; i++) {
            max = Math.max(max, Math.abs(x[i] - y[i]));
        }
        return max;
    }

    private static double[] values(NDArray array) {
        return array.toType(DataType.FLOAT64, false).toDoubleArray();
    }
}
