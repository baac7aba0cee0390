package dev.d2l.rnn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

public class ZipfFitTest {

    /** Counts of {@code samples} draws from p(i) ~ i^-alpha over ranks 1..size, most frequent first. */
    public static int[] sampledPowerLaw(double alpha, int size, int samples, long seed) {
        double[] cumulative = new double[size];
        double sum = 0;
        for (int i = 0; i < size; i++) {
            sum += Math.pow(i + 1, -alpha);
            cumulative[i] = sum;
        }
        int[] counts = new int[size];
        Random random = new Random(seed);
        for (int s = 0; s < samples; s++) {
            int at = Arrays.binarySearch(cumulative, random.nextDouble() * sum);
            counts[at >= 0 ? at : -at - 1]++;
        }
        return Arrays.stream(counts).filter(c -> c > 0).boxed().sorted((a, b) -> b - a).mapToInt(Integer::intValue)
                .toArray();
    }

    @Test
    void recoversTheExponentOfAnExactPowerLaw() {
        int[] frequencies = new int[500];
        for (int i = 0; i < frequencies.length; i++) {
            frequencies[i] = (int) Math.round(1e7 * Math.pow(i + 1, -1.5));
        }
        ZipfFit fit = ZipfFit.fit(frequencies, 0);
        assertEquals(1.5, fit.alpha(), 1e-3);
        assertEquals(Math.log(1e7), fit.intercept(), 1e-2);
        assertEquals(500, fit.points());
    }

    @Test
    void recoversTheExponentOfSampledCountsWithinFivePercent() {
        for (double alpha : new double[] {0.8, 1.0, 1.3}) {
            int[] frequencies = sampledPowerLaw(alpha, 1000, 500_000, 42);
            assertEquals(alpha, ZipfFit.fit(frequencies, 3).alpha(), 0.05 * alpha, "alpha " + alpha);
        }
    }

    @Test
    void skipLeavesOutTheHead() {
        // A flat head of stop words, then an exact 1/i tail.
        int[] frequencies = {5000, 5000, 5000, 2500, 2000, 1666, 1428, 1250, 1111, 1000};
        assertEquals(1.0, ZipfFit.fit(frequencies, 3).alpha(), 1e-3);
        assertEquals(7, ZipfFit.fit(frequencies, 3).points());
    }

    @Test
    void rejectsWhatCannotBeFitted() {
        assertThrows(IllegalArgumentException.class, () -> ZipfFit.fit(new int[] {5, 3}, 1));
        assertThrows(IllegalArgumentException.class, () -> ZipfFit.fit(new int[] {5, 3, 0}, 0));
        assertThrows(IllegalArgumentException.class, () -> ZipfFit.fit(new int[] {5, 3, 1}, -1));
    }
}
