package dev.d2l.rnn.sequence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class MinibatchesTest {

    @Test
    void everyPairOnceInBatchesOfSixteenAndAShortLastOne() {
        List<int[]> batches = Minibatches.shuffled(600, 16, new Random(1));
        assertEquals(38, batches.size());
        assertEquals(16, batches.get(0).length);
        assertEquals(8, batches.get(37).length);
        int[] seen = batches.stream().flatMapToInt(IntStream::of).sorted().toArray();
        assertArrayEquals(IntStream.range(0, 600).toArray(), seen);
    }

    @Test
    void theOrderIsShuffledAndSeeded() {
        Random random = new Random(5);
        int[] first = flatten(Minibatches.shuffled(100, 16, random));
        int[] second = flatten(Minibatches.shuffled(100, 16, random));
        assertFalse(Arrays.equals(first, second), "each epoch draws a new order");
        assertFalse(Arrays.equals(IntStream.range(0, 100).toArray(), first));
        assertArrayEquals(first, flatten(Minibatches.shuffled(100, 16, new Random(5))));
    }

    private static int[] flatten(List<int[]> batches) {
        return batches.stream().flatMapToInt(IntStream::of).toArray();
    }
}
