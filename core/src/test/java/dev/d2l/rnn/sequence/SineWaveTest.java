package dev.d2l.rnn.sequence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SineWaveTest {

    @Test
    void withoutNoiseItIsSinOfOneHundredthOfT() {
        float[] x = SineWave.sample(1000, 0f, new Random(1));
        assertEquals((float) Math.sin(0.01), x[0]);
        assertEquals((float) Math.sin(10.0), x[999]);
        assertEquals(1f, SineWave.time(1000)[0]);
        assertEquals(1000f, SineWave.time(1000)[999]);
    }

    @Test
    void noiseHasMeanZeroAndTheGivenStandardDeviation() {
        int n = 20_000;
        float[] x = SineWave.sample(n, 0.2f, new Random(3));
        double sum = 0;
        double sumOfSquares = 0;
        for (int i = 0; i < n; i++) {
            double noise = x[i] - Math.sin(0.01 * (i + 1));
            sum += noise;
            sumOfSquares += noise * noise;
        }
        assertEquals(0, sum / n, 0.01);
        assertEquals(0.2, Math.sqrt(sumOfSquares / n), 0.005);
    }

    @Test
    void theSeedDecidesTheSeries() {
        assertArrayEquals(SineWave.sample(50, 0.2f, new Random(7)), SineWave.sample(50, 0.2f, new Random(7)));
        assertFalse(Arrays.equals(SineWave.sample(50, 0.2f, new Random(7)), SineWave.sample(50, 0.2f, new Random(8))));
    }
}
