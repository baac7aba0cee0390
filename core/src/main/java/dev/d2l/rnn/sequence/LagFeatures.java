package dev.d2l.rnn.sequence;

/**
 * The autoregressive pairs of d2l 8.1 for embedding length {@code tau}: features
 * {@code [x_(t-tau), ..., x_(t-1)]} and label {@code x_t}.
 */
public final class LagFeatures {

    private LagFeatures() {}

    /**
     * {@code x.length - tau} rows; row {@code i} is {@code x[i .. i + tau - 1]}.
     *
     * @throws IllegalArgumentException unless {@code 0 < tau < x.length}
     */
    public static float[][] features(float[] x, int tau) {
        check(x, tau);
        float[][] rows = new float[x.length - tau][tau];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(x, i, rows[i], 0, tau);
        }
        return rows;
    }

    /**
     * {@code x.length - tau} labels; label {@code i} is {@code x[i + tau]}, the value after row
     * {@code i} of {@link #features}.
     *
     * @throws IllegalArgumentException unless {@code 0 < tau < x.length}
     */
    public static float[] labels(float[] x, int tau) {
        check(x, tau);
        float[] labels = new float[x.length - tau];
        System.arraycopy(x, tau, labels, 0, labels.length);
        return labels;
    }

    private static void check(float[] x, int tau) {
        if (tau < 1 || tau >= x.length) {
            throw new IllegalArgumentException("Embedding length tau must lie in [1, " + (x.length - 1)
                    + "] for a series of " + x.length + ", got " + tau);
        }
    }
}
