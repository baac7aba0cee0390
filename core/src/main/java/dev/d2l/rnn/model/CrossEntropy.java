package dev.d2l.rnn.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import dev.d2l.rnn.engine.Capabilities;
import dev.d2l.rnn.engine.Capability;
import dev.d2l.rnn.engine.InPlace;

/**
 * Mean softmax cross-entropy of logits against labels, and its gradient for a written-out
 * backward pass. Each row's log-probability is picked by its label where the engine picks
 * ({@link Capability#PICK}), else by the labels' one-hot rows: the same numbers either way, but
 * at a word-level vocabulary the one-hot rows are as large as the logits, built and multiplied
 * at every step (examples/README.md, "Word level", has what the pick saved). Its gradient is
 * made in place where the engine can ({@link Capability#ASSIGN_PICKED}), for the same reason.
 */
public final class CrossEntropy {

    private CrossEntropy() {}

    /**
     * The mean over rows of {@code -log softmax(logits)[label]}, for autograd to differentiate
     * and for perplexity.
     *
     * @param logits (N, V)
     * @param labels (N), integer indices in [0, V)
     * @return a scalar
     */
    public static NDArray mean(NDArray logits, NDArray labels) {
        return atLabels(logits.logSoftmax(1), labels).mean().neg();
    }

    /** Each row's element at its label, (N): picked where the engine picks, else through the labels' one-hot rows. */
    private static NDArray atLabels(NDArray rows, NDArray labels) {
        if (Capabilities.of(rows.getManager().getEngine()).has(Capability.PICK)) {
            return rows.get(new NDIndex().addAllDim().addPickDim(labels)).reshape(-1);
        }
        int classes = Math.toIntExact(rows.getShape().get(1));
        return rows.mul(labels.oneHot(classes, rows.getDataType())).sum(new int[] {1});
    }

    /**
     * The mean cross-entropy and the gradient of the summed one with respect to the logits,
     * {@code softmax(logits) - onehot(label)}, for a written-out backward pass; the mean's
     * gradient is that over N, and the caller divides where it is cheapest: at a word-level
     * vocabulary, the products of this gradient are far smaller than it. The loss is the mean of
     * {@code -log} of each row's probability of its label, which is {@link #mean}'s to float32
     * rounding and spares a pass over the logits; a probability below float32's least normal
     * number, 1.2e-38, counts as that (a row's loss then reads 87.34, not more: some engines
     * flush smaller numbers to zero).
     *
     * @param logits (N, V), rows step-major
     * @param labels (batch, steps) next-token indices, N = batch * steps
     */
    static Differentiated differentiate(NDArray logits, NDArray labels) {
        long rows = logits.getShape().get(0);
        NDArray flatLabels = stepMajor(labels);
        NDArray probabilities = logits.softmax(1);
        NDArray loss = atLabels(probabilities, flatLabels).maximum(Float.MIN_NORMAL).log().mean().neg();
        if (Capabilities.of(logits.getManager().getEngine()).has(Capability.ASSIGN_PICKED)) {
            // The same numbers as subtracting the one-hot rows, without making them.
            InPlace.addToPicked(probabilities, flatLabels, -1f);
            return new Differentiated(loss, probabilities, rows);
        }
        int classes = Math.toIntExact(logits.getShape().get(1));
        return new Differentiated(loss, probabilities.sub(flatLabels.oneHot(classes, logits.getDataType())), rows);
    }

    /** Labels (batch, steps) as a flat step-major vector, the row order of a model's logits. */
    public static NDArray stepMajor(NDArray labels) {
        return labels.transpose().reshape(-1);
    }

    /**
     * The scalar mean loss, the gradient of the summed loss with respect to the logits, (N, V),
     * and N, the rows the mean divides by.
     */
    record Differentiated(NDArray loss, NDArray dSum, long rows) {}
}
