package dev.d2l.rnn.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/** Comparing gradients and states read back from an engine. */
final class Gradients {

    private Gradients() {}

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
