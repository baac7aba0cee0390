package dev.d2l.rnn.train;

import ai.djl.ndarray.NDArray;
import java.util.Collection;
import java.util.Iterator;

/** d2l's gradient clipping by the global L2 norm of all gradients together. */
public final class GradientClipping {

    private GradientClipping() {}

    /**
     * Scales every gradient, in place, by {@code min(1, theta / ||g||)}, where {@code ||g||} is
     * the L2 norm of all of them concatenated. Runs without reading anything back to the host.
     *
     * @throws IllegalArgumentException if theta is not positive
     */
    public static void clip(Collection<NDArray> gradients, float theta) {
        if (!(theta > 0)) {
            throw new IllegalArgumentException("Clipping threshold theta must be positive, got " + theta);
        }
        if (gradients.isEmpty()) {
            return;
        }
        Iterator<NDArray> it = gradients.iterator();
        NDArray sumOfSquares = it.next().square().sum();
        while (it.hasNext()) {
            sumOfSquares = sumOfSquares.add(it.next().square().sum());
        }
        // min(1, theta / norm) as an array: the factor stays on the device.
        NDArray factor = sumOfSquares.sqrt().maximum(theta).pow(-1).mul(theta);
        for (NDArray gradient : gradients) {
            gradient.muli(factor);
        }
    }
}
