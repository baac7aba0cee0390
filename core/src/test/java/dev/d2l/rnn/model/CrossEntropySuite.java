package dev.d2l.rnn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.d2l.rnn.engine.Capabilities;
import dev.d2l.rnn.engine.Capability;
import dev.d2l.rnn.testing.EngineTestBase;
import org.junit.jupiter.api.Test;

/** {@link CrossEntropy#mean} against the softmax written out in Java, and the pick against the one-hot rows it replaces. */
public abstract class CrossEntropySuite extends EngineTestBase {

    private static final float[] LOGITS = {2f, -1f, 0.5f, 0f, -3f, 1f, 1f, 4f, 0.25f, -0.5f, 2.5f, -2f};
    private static final int[] LABELS = {3, 0, 2};
    private static final int ROWS = 3;
    private static final int CLASSES = 4;

    @Test
    void theMeanIsMinusTheMeanLogSoftmaxOfEachRowsLabel() {
        double expected = 0;
        for (int r = 0; r < ROWS; r++) {
            double normalizer = 0;
            for (int c = 0; c < CLASSES; c++) {
                normalizer += Math.exp(LOGITS[r * CLASSES + c]);
            }
            expected -= LOGITS[r * CLASSES + LABELS[r]] - Math.log(normalizer);
        }
        expected /= ROWS;
        try (NDManager m = manager().newSubManager()) {
            NDArray loss = CrossEntropy.mean(m.create(LOGITS, new Shape(ROWS, CLASSES)), m.create(LABELS));
            assertEquals(expected, loss.getFloat(), 1e-6);
        }
    }

    /** The picked mean is the one-hot mean bit for bit, so the book's perplexities do not move, and so is its gradient. */
    @Test
    void pickingGivesTheOneHotRowsNumbersExactly() {
        try (NDManager m = manager().newSubManager()) {
            NDArray logits = m.create(LOGITS, new Shape(ROWS, CLASSES));
            NDArray labels = m.create(LABELS);
            NDArray oneHot = labels.oneHot(CLASSES, logits.getDataType());
            float viaOneHot = logits.logSoftmax(1).mul(oneHot).sum(new int[] {1}).mean().neg().getFloat();
            assertEquals(viaOneHot, CrossEntropy.mean(logits, labels).getFloat(), 0f);
            if (!Capabilities.of(engine()).has(Capability.AUTOGRAD)) {
                return;
            }
            logits.setRequiresGradient(true);
            try (GradientCollector collector = engine().newGradientCollector()) {
                collector.backward(CrossEntropy.mean(logits, labels));
            }
            float[] expected = logits.softmax(1).sub(oneHot).div(ROWS).toFloatArray();
            assertArrayEquals(expected, logits.getGradient().toFloatArray(), 1e-6f);
        }
    }

    /**
     * The written-out gradient of the summed loss, made in place where the engine can, is the
     * probabilities less the labels' one-hot rows, bit for bit, and N the rows; its loss is
     * {@link CrossEntropy#mean}'s to float32 rounding.
     */
    @Test
    void theWrittenOutGradientIsTheOneHotFormulasExactly() {
        try (NDManager m = manager().newSubManager()) {
            NDArray logits = m.create(LOGITS, new Shape(ROWS, CLASSES));
            // Labels (batch 1, steps 3): step-major, the rows' order.
            NDArray labels = m.create(LABELS, new Shape(1, ROWS));
            CrossEntropy.Differentiated d = CrossEntropy.differentiate(logits, labels);
            NDArray oneHot = m.create(LABELS).oneHot(CLASSES, logits.getDataType());
            float[] expected = logits.softmax(1).sub(oneHot).toFloatArray();
            assertArrayEquals(expected, d.dSum().toFloatArray(), 0f);
            assertEquals(ROWS, d.rows());
            assertEquals(CrossEntropy.mean(logits, m.create(LABELS)).getFloat(), d.loss().getFloat(), 1e-6f);
            assertArrayEquals(LOGITS, logits.toFloatArray(), 0f);
        }
    }

    /** A label whose probability is below float32's least normal number counts as that: a finite loss, not infinity. */
    @Test
    void aVanishingProbabilityGivesAFiniteWrittenOutLoss() {
        try (NDManager m = manager().newSubManager()) {
            NDArray logits = m.create(new float[] {0f, -200f, 0f, 0f}, new Shape(2, 2));
            CrossEntropy.Differentiated d = CrossEntropy.differentiate(logits, m.create(new int[] {1, 0}, new Shape(1, 2)));
            // Row 0: -log(1.2e-38) = 87.34; row 1: log 2.
            assertEquals((-Math.log(Float.MIN_NORMAL) + Math.log(2)) / 2, d.loss().getFloat(), 1e-4);
            assertArrayEquals(new float[] {1f, -1f, -0.5f, 0.5f}, d.dSum().toFloatArray(), 1e-7f);
        }
    }
}
