package dev.d2l.rnn.model;

import ai.djl.ndarray.NDArray;

/** Mean softmax cross-entropy, written with operations every engine has (no pick or gather). */
public final class CrossEntropy {

    private CrossEntropy() {}

    /**
     * The mean over rows of {@code -log softmax(logits)[label]}.
     *
     * @param logits (N, V)
     * @param labels (N), integer indices in [0, V)
     * @return a scalar
     */
    public static NDArray mean(NDArray logits, NDArray labels) {
        int classes = Math.toIntExact(logits.getShape().get(1));
        NDArray picked = logits.logSoftmax(1).mul(labels.oneHot(classes, logits.getDataType())).sum(new int[] {1});
        return picked.mean().neg();
    }

    /** Labels (batch, steps) as a flat step-major vector, the row order of a model's logits. */
    public static NDArray stepMajor(NDArray labels) {
        return labels.transpose().reshape(-1);
    }
}
