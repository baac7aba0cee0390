package dev.d2l.rnn.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class DecodingTest {

    /** Logits whose softmax at T = 1 is 0.5, 0.25, 0.125, 0.125 (in the order 2, 0, 1, 3). */
    private static final float[] LOGITS = {(float) Math.log(0.25), (float) Math.log(0.125), (float) Math.log(0.5),
            (float) Math.log(0.125)};

    private static double[] probabilities(Decoding decoding) {
        double[] w = decoding.weights(LOGITS);
        double total = 0;
        for (double v : w) {
            total += v;
        }
        for (int i = 0; i < w.length; i++) {
            w[i] /= total;
        }
        return w;
    }

    @Test
    void topPKeepsTheSmallestSetWhoseProbabilityReachesP() {
        assertArrayEquals(new double[] {0, 0, 1, 0}, probabilities(Decoding.sample(1).topP(0.5)), 1e-6);
        assertArrayEquals(new double[] {1 / 3.0, 0, 2 / 3.0, 0}, probabilities(Decoding.sample(1).topP(0.51)), 1e-6);
        assertArrayEquals(new double[] {1 / 3.0, 0, 2 / 3.0, 0}, probabilities(Decoding.sample(1).topP(0.75)), 1e-6);
        // The tie between tokens 1 and 3 goes to the lower index.
        assertArrayEquals(new double[] {0.25 / 0.875, 0.125 / 0.875, 0.5 / 0.875, 0}, probabilities(Decoding.sample(1).topP(0.8)),
                1e-6);
        assertArrayEquals(new double[] {0.25, 0.125, 0.5, 0.125}, probabilities(Decoding.sample(1).topP(1)), 1e-6);
    }

    @Test
    void topKKeepsTheKMostLikelyAndCombinesWithTopP() {
        assertArrayEquals(new double[] {1 / 3.0, 0, 2 / 3.0, 0}, probabilities(Decoding.sample(1).topK(2)), 1e-6);
        assertArrayEquals(new double[] {0, 0, 1, 0}, probabilities(Decoding.sample(1).topK(2).topP(0.6)), 1e-6);
        Random random = new Random(1);
        for (int i = 0; i < 100; i++) {
            assertEquals(2, Decoding.sample(5).topK(1).next(LOGITS, random));
        }
    }

    @Test
    void temperatureSharpensAndFlattens() {
        double[] cold = probabilities(Decoding.sample(0.5f));
        double[] hot = probabilities(Decoding.sample(2f));
        assertTrue(cold[2] > 0.5 && hot[2] < 0.5, cold[2] + " " + hot[2]);
        assertEquals(2, Decoding.greedy().next(LOGITS, null));
    }

    @Test
    void drawsFollowTheProbabilities() {
        Random random = new Random(7);
        int[] counts = new int[4];
        Decoding decoding = Decoding.sample(1);
        for (int i = 0; i < 40_000; i++) {
            counts[decoding.next(LOGITS, random)]++;
        }
        assertEquals(10_000, counts[0], 400);
        assertEquals(20_000, counts[2], 400);
    }

    @Test
    void badSettingsAreErrors() {
        assertThrows(IllegalArgumentException.class, () -> Decoding.sample(0));
        assertThrows(IllegalArgumentException.class, () -> Decoding.greedy().topK(3));
        assertThrows(IllegalArgumentException.class, () -> Decoding.sample(1).topP(0));
        assertThrows(IllegalArgumentException.class, () -> Decoding.sample(1).topK(-1));
    }
}
