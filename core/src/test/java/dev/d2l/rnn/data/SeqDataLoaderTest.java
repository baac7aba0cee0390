package dev.d2l.rnn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class SeqDataLoaderTest {

    /** A corpus whose token at position i is i: a token's value tells where it came from. */
    private static int[] positions(int n) {
        return IntStream.range(0, n).toArray();
    }

    private static List<SeqDataLoader.Minibatch> epoch(SeqDataLoader loader) {
        List<SeqDataLoader.Minibatch> batches = new ArrayList<>();
        loader.forEach(batches::add);
        return batches;
    }

    @ParameterizedTest
    @EnumSource(Sampling.class)
    void everyYIsXShiftedByOneInTheCorpus(Sampling sampling) {
        SeqDataLoader loader = new SeqDataLoader(positions(35), 2, 5, sampling, 7);
        for (SeqDataLoader.Minibatch batch : loader) {
            int steps = batch.numSteps();
            assertEquals(2 * steps, batch.x().length);
            for (int row = 0; row < 2; row++) {
                for (int t = 0; t < steps; t++) {
                    int i = row * steps + t;
                    assertEquals(batch.x()[i] + 1, batch.y()[i]);
                    if (t > 0) {
                        assertEquals(batch.x()[i - 1] + 1, batch.x()[i], "a row is a contiguous subsequence");
                    }
                }
            }
        }
    }

    @Test
    void sequentialRowsContinueAcrossMinibatches() {
        SeqDataLoader loader = new SeqDataLoader(positions(100), 3, 4, Sampling.SEQUENTIAL, 1);
        assertEquals(8, loader.batchesPerEpoch(), "(100 - 1) / 3 = 33 columns at offset 0: 8 minibatches of 4");
        for (int e = 0; e < 5; e++) {
            List<SeqDataLoader.Minibatch> batches = epoch(loader);
            assertTrue(batches.size() >= 7 && batches.size() <= 8, "(100 - 4 - 1) / 3 = 31 columns: at least 7 minibatches of 4");
            for (int k = 1; k < batches.size(); k++) {
                for (int row = 0; row < 3; row++) {
                    int lastOfPrevious = batches.get(k - 1).x()[row * 4 + 3];
                    assertEquals(lastOfPrevious + 1, batches.get(k).x()[row * 4], "row " + row + " of minibatch " + k);
                }
            }
        }
    }

    @Test
    void randomSubsequencesDoNotOverlapAndCoverTheUsedRange() {
        int numSteps = 5;
        SeqDataLoader loader = new SeqDataLoader(positions(103), 4, numSteps, Sampling.RANDOM, 3);
        for (int e = 0; e < 10; e++) {
            Set<Integer> starts = new HashSet<>();
            Set<Integer> seen = new HashSet<>();
            for (SeqDataLoader.Minibatch batch : loader) {
                for (int row = 0; row < 4; row++) {
                    starts.add(batch.x()[row * numSteps]);
                    for (int t = 0; t < numSteps; t++) {
                        assertTrue(seen.add(batch.x()[row * numSteps + t]), "token used twice in one epoch");
                    }
                }
            }
            int offset = starts.stream().mapToInt(s -> s % numSteps).distinct().findFirst().orElseThrow();
            assertEquals(1, starts.stream().mapToInt(s -> s % numSteps).distinct().count(), "one offset per epoch");
            // (103 - offset - 1) / 5 subsequences, of which whole minibatches of 4 are used.
            int subsequences = (103 - offset - 1) / numSteps;
            assertEquals((subsequences / 4) * 4 * numSteps, seen.size());
        }
    }

    @Test
    void batchifyCutsWordLanguageModelsColumnsTheSameWayEveryEpoch() {
        // word_language_model: batchify(arange(103), 4) keeps 4 rows of 25 tokens; get_batch(i) for i in range(0, 24, 5)
        // gives 5 minibatches, the last of 4 steps: x = rows[20:24], y = rows[21:25].
        SeqDataLoader loader = new SeqDataLoader(positions(103), 4, 5, Sampling.BATCHIFY, 1);
        assertEquals(5, loader.batchesPerEpoch());
        for (int e = 0; e < 3; e++) {
            List<SeqDataLoader.Minibatch> batches = epoch(loader);
            assertEquals(List.of(5, 5, 5, 5, 4), batches.stream().map(SeqDataLoader.Minibatch::numSteps).toList());
            assertArrayEquals(new int[] {0, 1, 2, 3, 4, 25, 26, 27, 28, 29, 50, 51, 52, 53, 54, 75, 76, 77, 78, 79},
                    batches.get(0).x());
            assertArrayEquals(new int[] {20, 21, 22, 23, 45, 46, 47, 48, 70, 71, 72, 73, 95, 96, 97, 98}, batches.get(4).x());
            assertArrayEquals(new int[] {21, 22, 23, 24, 46, 47, 48, 49, 71, 72, 73, 74, 96, 97, 98, 99}, batches.get(4).y());
            assertEquals(4 * 24, batches.stream().mapToInt(SeqDataLoader.Minibatch::tokens).sum(), "every token of a row but its last");
        }
        assertEquals("Corpus of 11 tokens is too short for one minibatch of 2 x 5 steps: it needs at least 12 tokens",
                assertThrows(IllegalArgumentException.class, () -> new SeqDataLoader(positions(11), 2, 5, Sampling.BATCHIFY, 1))
                        .getMessage());
    }

    @ParameterizedTest
    @EnumSource(value = Sampling.class, names = {"RANDOM", "SEQUENTIAL"})
    void sameSeedSameMinibatchesAndEpochsDiffer(Sampling sampling) {
        SeqDataLoader a = new SeqDataLoader(positions(500), 4, 7, sampling, 42);
        SeqDataLoader b = new SeqDataLoader(positions(500), 4, 7, sampling, 42);
        Set<Integer> firstTokens = new HashSet<>();
        for (int e = 0; e < 8; e++) {
            List<SeqDataLoader.Minibatch> ea = epoch(a);
            List<SeqDataLoader.Minibatch> eb = epoch(b);
            assertEquals(ea.size(), eb.size());
            for (int k = 0; k < ea.size(); k++) {
                assertArrayEquals(ea.get(k).x(), eb.get(k).x());
                assertArrayEquals(ea.get(k).y(), eb.get(k).y());
            }
            firstTokens.add(ea.get(0).x()[0]);
        }
        assertTrue(firstTokens.size() > 1, "different epochs start at different offsets");
    }

    @Test
    void indicesStayWithinTheCorpusValues() {
        int[] corpus = new int[400];
        for (int i = 0; i < corpus.length; i++) {
            corpus[i] = (i * 7) % 28;
        }
        for (Sampling sampling : Sampling.values()) {
            for (SeqDataLoader.Minibatch batch : new SeqDataLoader(corpus, 8, 6, sampling, 5)) {
                for (int v : batch.x()) {
                    assertTrue(v >= 0 && v < 28);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Sampling.class)
    void aCorpusOfExactlyOneMinibatchYieldsItEveryEpoch(Sampling sampling) {
        int tokens = sampling == Sampling.BATCHIFY ? 2 * (5 + 1) : 2 * 5 + 1;
        SeqDataLoader loader = new SeqDataLoader(positions(tokens), 2, 5, sampling, 9);
        assertEquals(1, loader.batchesPerEpoch());
        for (int e = 0; e < 5; e++) {
            assertEquals(1, epoch(loader).size());
            assertEquals(5, epoch(loader).get(0).numSteps());
        }
    }

    @Test
    void badSizesAndShortCorporaAreClearErrors() {
        IllegalArgumentException zero =
                assertThrows(IllegalArgumentException.class, () -> new SeqDataLoader(positions(10), 0, 5, Sampling.RANDOM, 1));
        assertTrue(zero.getMessage().contains("batchSize=0"), zero.getMessage());
        IllegalArgumentException negative = assertThrows(
                IllegalArgumentException.class, () -> new SeqDataLoader(positions(10), 2, -1, Sampling.SEQUENTIAL, 1));
        assertTrue(negative.getMessage().contains("numSteps=-1"), negative.getMessage());
        IllegalArgumentException shortCorpus = assertThrows(
                IllegalArgumentException.class, () -> new SeqDataLoader(positions(10), 2, 5, Sampling.RANDOM, 1));
        assertEquals("Corpus of 10 tokens is too short for one minibatch of 2 x 5 steps: it needs at least 11 tokens",
                shortCorpus.getMessage());
        assertFalse(Sampling.parse("Sequential") != Sampling.SEQUENTIAL);
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> Sampling.parse("shuffle"));
        assertTrue(unknown.getMessage().contains("'shuffle'"));
    }
}
