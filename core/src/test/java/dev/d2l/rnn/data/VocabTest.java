package dev.d2l.rnn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.d2l.rnn.data.Vocab.TokenFreq;
import java.util.List;
import org.junit.jupiter.api.Test;

class VocabTest {

    // Counts: b 3, a 2, c 2, d 1; a occurs before c, so a comes first among the twos.
    private static final List<String> TOKENS = List.of("b", "a", "b", "c", "a", "d", "c", "b");

    @Test
    void ordersByFrequencyThenFirstOccurrence() {
        Vocab vocab = Vocab.fromTokens(TOKENS);
        assertEquals(List.of("<unk>", "b", "a", "c", "d"), vocab.tokens());
        assertEquals(5, vocab.size());
        assertEquals(List.of(new TokenFreq("b", 3), new TokenFreq("a", 2), new TokenFreq("c", 2),
                new TokenFreq("d", 1)), vocab.tokenFreqs());
    }

    @Test
    void linesAndFlatTokensGiveTheSameVocabulary() {
        Vocab nested = Vocab.fromLines(List.of(List.of("b", "a", "b"), List.of(), List.of("c", "a", "d", "c", "b")));
        assertEquals(Vocab.fromTokens(TOKENS), nested);
    }

    @Test
    void minFreqDropsRareTokensButKeepsTheirFrequencies() {
        Vocab vocab = Vocab.fromTokens(TOKENS, 2, List.of());
        assertEquals(List.of("<unk>", "b", "a", "c"), vocab.tokens());
        assertEquals(0, vocab.getIndex("d"));
        assertEquals(4, vocab.tokenFreqs().size());
    }

    @Test
    void reservedTokensFollowUnknownEvenWhenCounted() {
        Vocab vocab = Vocab.fromTokens(TOKENS, 0, List.of("<pad>", "c"));
        assertEquals(List.of("<unk>", "<pad>", "c", "b", "a", "d"), vocab.tokens());
        assertThrows(IllegalArgumentException.class, () -> Vocab.fromTokens(TOKENS, 0, List.of("<unk>")));
        assertThrows(IllegalArgumentException.class, () -> Vocab.fromTokens(TOKENS, 0, List.of("<pad>", "<pad>")));
    }

    @Test
    void looksUpTokensAndIndices() {
        Vocab vocab = Vocab.fromTokens(TOKENS);
        assertEquals(2, vocab.getIndex("a"));
        assertEquals(Vocab.UNKNOWN_INDEX, vocab.getIndex("zebra"));
        assertArrayEquals(new int[] {1, 0, 4}, vocab.indicesOf(List.of("b", "zebra", "d")));
        assertEquals("c", vocab.getToken(3));
        assertEquals(List.of("<unk>", "d", "b"), vocab.toTokens(0, 4, 1));
    }

    @Test
    void anIndexOutsideTheVocabularyIsAClearError() {
        Vocab vocab = Vocab.fromTokens(TOKENS);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> vocab.getToken(5));
        assertEquals("Index 5 is outside the vocabulary [0, 5)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> vocab.toTokens(1, -1));
    }

    @Test
    void restoresAnEqualVocabularyFromItsTokenList() {
        Vocab vocab = Vocab.fromTokens(TOKENS, 0, List.of("<pad>"));
        Vocab restored = Vocab.restore(List.copyOf(vocab.tokens()));
        assertEquals(vocab, restored);
        assertEquals(vocab.hashCode(), restored.hashCode());
        assertEquals(vocab.getIndex("c"), restored.getIndex("c"));
        assertTrue(restored.tokenFreqs().isEmpty());
        assertNotEquals(vocab, Vocab.fromTokens(TOKENS));
    }

    @Test
    void restoreRejectsListsThatNoVocabularyHas() {
        assertThrows(IllegalArgumentException.class, () -> Vocab.restore(List.of()));
        assertThrows(IllegalArgumentException.class, () -> Vocab.restore(List.of("a", "<unk>")));
        assertThrows(IllegalArgumentException.class, () -> Vocab.restore(List.of("<unk>", "a", "a")));
    }

    @Test
    void anEmptyTextHasOnlyTheUnknownToken() {
        Vocab vocab = Vocab.fromLines(List.of());
        assertEquals(List.of("<unk>"), vocab.tokens());
    }
}
