package dev.d2l.rnn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.d2l.rnn.data.NGramCounts.Entry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NGramCountsTest {

    private static final List<String> TEXT = TokenType.WORD.tokenize("the cat sat on the mat the cat ran");

    @Test
    void unigrams() {
        NGramCounts unigrams = NGramCounts.of(TEXT, 1);
        assertEquals(9, unigrams.total());
        assertEquals(6, unigrams.distinct());
        assertArrayEquals(new int[] {3, 2, 1, 1, 1, 1}, unigrams.frequencies());
        assertEquals(List.of(new Entry(List.of("the"), 3), new Entry(List.of("cat"), 2), new Entry(List.of("sat"), 1)),
                unigrams.top(3));
    }

    @Test
    void bigrams() {
        NGramCounts bigrams = NGramCounts.of(TEXT, 2);
        assertEquals(8, bigrams.total());
        assertEquals(7, bigrams.distinct());
        assertEquals(2, bigrams.count("the", "cat"));
        assertEquals(1, bigrams.count("mat", "the"));
        assertEquals(0, bigrams.count("cat", "the"));
        assertEquals(List.of(new Entry(List.of("the", "cat"), 2), new Entry(List.of("cat", "sat"), 1)), bigrams.top(2));
    }

    @Test
    void trigrams() {
        NGramCounts trigrams = NGramCounts.of(TEXT, 3);
        assertEquals(7, trigrams.total());
        assertEquals(7, trigrams.distinct());
        assertEquals(1, trigrams.count("on", "the", "mat"));
        assertEquals(0, trigrams.count("the", "cat", "on"));
        assertEquals(List.of("the", "cat", "sat"), trigrams.top(1).get(0).gram());
        assertEquals(7, trigrams.top(100).size());
    }

    @Test
    void shortTextsAndBadArguments() {
        assertEquals(0, NGramCounts.of(List.of("a", "b"), 3).distinct());
        assertThrows(IllegalArgumentException.class, () -> NGramCounts.of(TEXT, 0));
        assertThrows(IllegalArgumentException.class, () -> NGramCounts.of(TEXT, 1).top(-1));
    }

    @Test
    void timeMachineStatisticsMatchD2l() {
        List<String> words = new ArrayList<>();
        TokenType.WORD.tokenize(Corpora.readTimeMachine(TestData.store())).forEach(words::addAll);
        NGramCounts unigrams = NGramCounts.of(words, 1);
        NGramCounts bigrams = NGramCounts.of(words, 2);
        NGramCounts trigrams = NGramCounts.of(words, 3);
        assertEquals(32_775, unigrams.total());
        assertEquals(List.of(new Entry(List.of("the"), 2261), new Entry(List.of("i"), 1267),
                new Entry(List.of("and"), 1245), new Entry(List.of("of"), 1155)), unigrams.top(4));
        // d2l 8.3 prints these pairs and triples at the top.
        assertEquals(List.of(new Entry(List.of("of", "the"), 309), new Entry(List.of("in", "the"), 169),
                new Entry(List.of("i", "had"), 130)), bigrams.top(3));
        assertEquals(List.of(new Entry(List.of("the", "time", "traveller"), 59),
                new Entry(List.of("the", "time", "machine"), 30), new Entry(List.of("the", "medical", "man"), 24)),
                trigrams.top(3));
        assertEquals(20_234, bigrams.distinct());
        assertEquals(29_882, trigrams.distinct());
        // numpy.polyfit(log(rank), log(freq), 1) over ranks 6.. of the same counts gives -1.03759.
        assertEquals(1.03759, ZipfFit.fit(unigrams.frequencies(), 5).alpha(), 1e-5);
    }
}
