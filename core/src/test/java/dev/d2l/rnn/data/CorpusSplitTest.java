package dev.d2l.rnn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CorpusSplitTest {

    @Test
    void cutsContiguousPartsInOrderAsWordLanguageModelDoes() {
        // 32,775 is The Time Machine's word count: Python's int(.8 * n), int(.9 * n) give 26,220 and 29,497.
        int[] tokens = IntStream.range(0, 32_775).toArray();
        CorpusSplit split = CorpusSplit.of(tokens, 0.1, 0.1);
        assertEquals(26_220, split.train().length);
        assertEquals(29_497 - 26_220, split.valid().length);
        assertEquals(32_775 - 29_497, split.test().length);
        assertArrayEquals(IntStream.range(0, 26_220).toArray(), split.train());
        assertArrayEquals(IntStream.range(26_220, 29_497).toArray(), split.valid());
        assertArrayEquals(IntStream.range(29_497, 32_775).toArray(), split.test());
    }

    @Test
    void withoutFractionsEverythingTrains() {
        int[] tokens = IntStream.range(0, 100).toArray();
        CorpusSplit split = CorpusSplit.of(tokens, 0, 0);
        assertArrayEquals(tokens, split.train());
        assertFalse(split.validates());
        assertFalse(split.tests());
        CorpusSplit validOnly = CorpusSplit.of(tokens, 0.25, 0);
        assertEquals(75, validOnly.train().length);
        assertEquals(25, validOnly.valid().length);
        assertTrue(validOnly.validates());
        assertFalse(validOnly.tests());
    }

    @Test
    void badFractionsAreErrorsNamingThem() {
        int[] tokens = new int[100];
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CorpusSplit.of(tokens, -0.1, 0)).getMessage()
                .contains("validation fraction must be in [0, 1), got -0.1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CorpusSplit.of(tokens, 0.1, 1)).getMessage()
                .contains("test fraction"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CorpusSplit.of(tokens, 0.5, 0.5)).getMessage()
                .contains("leave no tokens of the 100 to train on"));
    }
}
