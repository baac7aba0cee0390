package dev.d2l.rnn.generate;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * How the next token is chosen from a model's logits: greedily (d2l's {@code predict_ch8}), or
 * drawn from {@code softmax(logits / T)}, optionally cut to the K most likely tokens (top-k)
 * and to the smallest set of most likely tokens whose probability reaches P (nucleus, top-p).
 * Immutable.
 */
public final class Decoding {

    private static final Decoding GREEDY = new Decoding(0, 0, 1);

    private final float temperature;
    private final int topK;
    private final double topP;

    private Decoding(float temperature, int topK, double topP) {
        this.temperature = temperature;
        this.topK = topK;
        this.topP = topP;
    }

    /** The most likely token, every time. */
    public static Decoding greedy() {
        return GREEDY;
    }

    /**
     * Greedy unless a temperature, top-k or top-p asks for sampling; sampling without a
     * temperature draws at temperature 1. The rule of {@code d2l generate} and of the DJL
     * translator's arguments.
     *
     * @param temperature T, or null for none
     * @param topK the K of top-k, 0 for all tokens
     * @param topP the P of top-p, 1 for all tokens
     * @throws IllegalArgumentException for a temperature not positive and finite, a negative K or a P outside (0, 1]
     */
    public static Decoding of(Float temperature, int topK, double topP) {
        if (temperature == null && topK == 0 && topP == 1) {
            return GREEDY;
        }
        return sample(temperature == null ? 1f : temperature).topK(topK).topP(topP);
    }

    /**
     * Draws from {@code softmax(logits / temperature)}: below 1 sharpens towards greedy, above 1 flattens.
     *
     * @throws IllegalArgumentException unless the temperature is positive and finite
     */
    public static Decoding sample(float temperature) {
        if (!(temperature > 0) || Float.isInfinite(temperature)) {
            throw new IllegalArgumentException("Temperature must be positive and finite, got " + temperature);
        }
        return new Decoding(temperature, 0, 1);
    }

    /**
     * Draws among the {@code k} most likely tokens only (ties broken by the lower index); 0 keeps all.
     *
     * @throws IllegalArgumentException if {@code k} is negative, or this decoding is greedy
     */
    public Decoding topK(int k) {
        requireSampling("top-k");
        if (k < 0) {
            throw new IllegalArgumentException("Top-k must be zero (all tokens) or more, got " + k);
        }
        return new Decoding(temperature, k, topP);
    }

    /**
     * Draws among the smallest set of most likely tokens whose probability (after the temperature
     * and top-k) reaches {@code p}; 1 keeps all.
     *
     * @throws IllegalArgumentException unless {@code p} is in (0, 1], or if this decoding is greedy
     */
    public Decoding topP(double p) {
        requireSampling("top-p");
        if (!(p > 0 && p <= 1)) {
            throw new IllegalArgumentException("Top-p must be in (0, 1], got " + p);
        }
        return new Decoding(temperature, topK, p);
    }

    /** Whether tokens are drawn at random. */
    public boolean samples() {
        return temperature > 0;
    }

    /**
     * The next token for one row of logits.
     *
     * @param random the draws' source; unused when greedy
     */
    public int next(float[] logits, Random random) {
        if (!samples()) {
            return argMax(logits);
        }
        double[] weights = weights(logits);
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double u = random.nextDouble() * total;
        int last = 0;
        for (int i = 0; i < weights.length; i++) {
            if (weights[i] > 0) {
                last = i;
                u -= weights[i];
                if (u < 0) {
                    return i;
                }
            }
        }
        return last;
    }

    /**
     * The unnormalized probabilities {@link #next} draws from: {@code exp(logits / T - max)},
     * zero outside the top-k and the nucleus.
     */
    double[] weights(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l / (double) temperature);
        }
        double[] weights = new double[logits.length];
        for (int i = 0; i < logits.length; i++) {
            weights[i] = Math.exp(logits[i] / (double) temperature - max);
        }
        if (topK == 0 && topP == 1) {
            return weights;
        }
        Integer[] order = IntStream.range(0, weights.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -weights[i]).thenComparingInt(i -> i));
        int keep = topK == 0 ? weights.length : Math.min(topK, weights.length);
        if (topP < 1) {
            double total = 0;
            for (int r = 0; r < keep; r++) {
                total += weights[order[r]];
            }
            double reached = 0;
            int needed = 0;
            while (needed < keep && reached < topP * total) {
                reached += weights[order[needed++]];
            }
            keep = Math.max(needed, 1);
        }
        for (int r = keep; r < order.length; r++) {
            weights[order[r]] = 0;
        }
        return weights;
    }

    private void requireSampling(String what) {
        if (!samples()) {
            throw new IllegalArgumentException(what + " applies to sampling: give a temperature (Decoding.sample)");
        }
    }

    private static int argMax(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }

    @Override
    public String toString() {
        return !samples() ? "greedy" : "sample(T " + temperature + (topK > 0 ? ", top-k " + topK : "")
                + (topP < 1 ? ", top-p " + topP : "") + ")";
    }
}
