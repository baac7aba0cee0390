package dev.d2l.rnn.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.Collection;

/** d2l's gradient clipping by the global L2 norm of all gradients together. */
public final class GradientClipping {

    private GradientClipping() {}

    /**
     * Scales every gradient, in place, by {@code min(1, theta / ||g||)}, where {@code ||g||} is
     * the L2 norm of all of them concatenated. The norm is read back to the host, one number a
     * minibatch (the training loop reads the loss anyway): gradients within the threshold are
     * then left untouched, and the others are scaled by a plain number, which MXNet does much
     * faster than by an array (examples/README.md, "Word level").
     *
     * @return the norm before clipping, as PyTorch's {@code clip_grad_norm_} returns it
     * @throws IllegalArgumentException if theta is not positive
     */
    public static float clip(Collection<NDArray> gradients, float theta) {
        if (!(theta > 0)) {
            throw new IllegalArgumentException("Clipping threshold theta must be positive, got " + theta);
        }
        NDArray sum = null;
        for (NDArray gradient : gradients) {
            NDArray squares = sumOfSquares(gradient);
            sum = sum == null ? squares : sum.add(squares);
        }
        if (sum == null) {
            return 0;
        }
        float norm = (float) Math.sqrt(sum.getFloat());
        if (norm > theta) {
            float factor = theta / norm;
            for (NDArray gradient : gradients) {
                gradient.muli(factor);
            }
        }
        return norm;
    }

    /**
     * The sum of the squared elements, added up by a product with a column of ones: MXNet's
     * reductions run on one thread, its products on all, and on the other engines the two cost
     * about the same (examples/README.md, "Word level").
     */
    private static NDArray sumOfSquares(NDArray gradient) {
        Shape shape = gradient.getShape();
        long columns = shape.dimension() == 0 ? 1 : shape.tail();
        NDArray squares = gradient.square().reshape(-1, columns);
        return squares.matMul(gradient.getManager().ones(new Shape(columns, 1), gradient.getDataType())).sum();
    }
}
