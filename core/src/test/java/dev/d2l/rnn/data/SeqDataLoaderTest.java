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
            assertEquals(10, batch.x().length);
            for (int row = 0; row < 2; row++) {
                for (int t = 0; t < 5; t++) {
                    int i = row * 5 + t;
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
        for (int e = 0; e < 5; e++) {
            List<SeqDataLoader.Minibatch> batches = epoch(loader);
            assertTrue(batches.size() >= 7, "(100 - 4 - 1) / 3 = 31 columns: at least 7 minibatches of 4");
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

    @ParameterizedTest
    @EnumSource(Sampling.class)
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
        SeqDataLoader loader = new SeqDataLoader(positions(2 * 5 + 1), 2, 5, sampling, 9);
        for (int e = 0; e < 5; e++) {
            assertEquals(1, epoch(loader).size());
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
