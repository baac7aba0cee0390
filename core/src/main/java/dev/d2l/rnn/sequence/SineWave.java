package dev.d2l.rnn.sequence;

import java.util.Random;

/** d2l's toy series: a sine wave plus Gaussian noise, generated in Java so that every engine sees the same data. */
public final class SineWave {

    private SineWave() {}

    /**
     * {@code x_t = sin(0.01 t) + N(0, noiseStd^2)} for {@code t = 1 .. length}; element {@code i}
     * holds {@code x_(i+1)}.
     *
     * @throws IllegalArgumentException if length is not positive or the noise is negative
     */
    public static float[] sample(int length, float noiseStd, Random random) {
        if (length < 1) {
            throw new IllegalArgumentException("Length must be positive, got " + length);
        }
        if (!(noiseStd >= 0)) {
            throw new IllegalArgumentException("Noise standard deviation must not be negative, got " + noiseStd);
        }
        float[] x = new float[length];
        for (int i = 0; i < length; i++) {
            x[i] = (float) (Math.sin(0.01 * (i + 1)) + noiseStd * random.nextGaussian());
        }
        return x;
    }

    /** The time steps {@code 1 .. length} as floats, for plotting. */
    public static float[] time(int length) {
        float[] time = new float[length];
        for (int i = 0; i < length; i++) {
            time[i] = i + 1;
        }
        return time;
    }
}
