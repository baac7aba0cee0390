package dev.d2l.rnn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Fast-forwarding a loader, as a resumed training run does. */
class SeqDataLoaderSkipTest {

    private static final int[] CORPUS = IntStream.range(0, 503).toArray();

    private static List<int[]> epoch(SeqDataLoader loader) {
        List<int[]> xs = new ArrayList<>();
        loader.forEach(batch -> xs.add(batch.x()));
        return xs;
    }

    @ParameterizedTest
    @EnumSource(Sampling.class)
    void skippingEpochsGivesTheMinibatchesOfAnUninterruptedRun(Sampling sampling) {
        SeqDataLoader uninterrupted = new SeqDataLoader(CORPUS, 4, 7, sampling, 11);
        List<List<int[]>> epochs = new ArrayList<>();
        for (int e = 0; e < 6; e++) {
            epochs.add(epoch(uninterrupted));
        }
        for (int skipped = 0; skipped < 5; skipped++) {
            SeqDataLoader resumed = new SeqDataLoader(CORPUS, 4, 7, sampling, 11);
            resumed.skipEpochs(skipped);
            for (int e = skipped; e < 6; e++) {
                List<int[]> expected = epochs.get(e);
                List<int[]> actual = epoch(resumed);
                assertEquals(expected.size(), actual.size(), "epoch " + e + " after skipping " + skipped);
                for (int b = 0; b < expected.size(); b++) {
                    assertArrayEquals(expected.get(b), actual.get(b), "epoch " + e + ", minibatch " + b);
                }
            }
        }
    }

    @Test
    void epochsDifferSoSkippingMatters() {
        SeqDataLoader loader = new SeqDataLoader(CORPUS, 4, 7, Sampling.RANDOM, 11);
        assertFalse(epoch(loader).get(0)[0] == epoch(loader).get(0)[0] && epoch(loader).get(0)[0] == epoch(loader).get(0)[0],
                "four epochs in a row start with the same token");
    }

    @Test
    void skippingNoEpochsChangesNothingAndNegativeIsAnError() {
        SeqDataLoader a = new SeqDataLoader(CORPUS, 4, 7, Sampling.RANDOM, 3);
        SeqDataLoader b = new SeqDataLoader(CORPUS, 4, 7, Sampling.RANDOM, 3);
        b.skipEpochs(0);
        assertArrayEquals(epoch(a).get(0), epoch(b).get(0));
        assertThrows(IllegalArgumentException.class, () -> a.skipEpochs(-1));
    }
}
