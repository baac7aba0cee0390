package dev.d2l.rnn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.d2l.rnn.testing.EngineTestBase;
import org.junit.jupiter.api.Test;

/** {@link RowProduct} against products written out in Java, through whichever path the engine takes. */
public abstract class RowProductSuite extends EngineTestBase {

    private static final float[] X = {1f, -2f, 0.5f, 3f, 0f, -1f};
    private static final float[] W = {0.5f, 1f, -1f, 2f, 0f, 3f, 1f, -0.5f, 2f, 0.25f, 1.5f, 1f};
    private static final float[] BIAS = {0.1f, -0.2f, 0.3f, -0.4f};

    @Test
    void timesIsXTimesW() {
        try (NDManager m = manager().newSubManager()) {
            NDArray x = m.create(X, new Shape(2, 3));
            NDArray w = m.create(W, new Shape(3, 4));
            assertArrayEquals(product(X, 2, 3, W, 4, false), RowProduct.times(w, m, linear()).apply(x).toFloatArray(), 1e-5f);
        }
    }

    @Test
    void timesTransposedIsXTimesWTransposed() {
        try (NDManager m = manager().newSubManager()) {
            NDArray x = m.create(X, new Shape(2, 3));
            NDArray w = m.create(W, new Shape(4, 3));
            assertArrayEquals(product(X, 2, 3, W, 4, true), RowProduct.timesTransposed(w, m, linear()).apply(x).toFloatArray(), 1e-5f);
        }
    }

    @Test
    void theBiasIsAddedToEveryRow() {
        try (NDManager m = manager().newSubManager()) {
            NDArray x = m.create(X, new Shape(2, 3));
            float[] expected = product(X, 2, 3, W, 4, false);
            for (int i = 0; i < expected.length; i++) {
                expected[i] += BIAS[i % 4];
            }
            NDArray y = RowProduct.times(m.create(W, new Shape(3, 4)), m, linear()).apply(x, m.create(BIAS));
            assertEquals(new Shape(2, 4), y.getShape());
            assertArrayEquals(expected, y.toFloatArray(), 1e-5f);
        }
    }

    @Test
    void aRearrangedWeightJoinsTheGivenManagerNotTheWeights() {
        try (NDManager owner = manager().newSubManager(); NDManager scope = manager().newSubManager()) {
            NDArray w = owner.create(W, new Shape(3, 4));
            int before = owner.getManagedArrays().size();
            RowProduct.times(w, scope, linear()).apply(scope.create(X, new Shape(2, 3)));
            RowProduct.timesTransposed(w, scope, linear()).apply(scope.create(new float[] {1f, 2f, 3f, 4f}, new Shape(1, 4)));
            assertEquals(before, owner.getManagedArrays().size());
        }
    }

    /** The path this engine's models take. */
    private boolean linear() {
        return RowProduct.fusedLinearOn(engine());
    }

    /** x (rows x inner) times w (inner x cols), or times w^T with w stored (cols x inner). */
    private static float[] product(float[] x, int rows, int inner, float[] w, int cols, boolean transposed) {
        float[] y = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                double sum = 0;
                for (int k = 0; k < inner; k++) {
                    sum += x[r * inner + k] * (transposed ? w[c * inner + k] : w[k * cols + c]);
                }
                y[r * cols + c] = (float) sum;
            }
        }
        return y;
    }
}
