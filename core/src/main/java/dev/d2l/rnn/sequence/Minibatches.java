package dev.d2l.rnn.sequence;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** d2l's {@code load_array(..., is_train=True)}: a fresh shuffle per epoch, the last batch possibly short. */
final class Minibatches {

    private Minibatches() {}

    /** The indices {@code 0 .. count - 1} in a random order, cut into batches of {@code batchSize}. */
    static List<int[]> shuffled(int count, int batchSize, Random random) {
        int[] order = new int[count];
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        for (int i = count - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        List<int[]> batches = new ArrayList<>();
        for (int start = 0; start < count; start += batchSize) {
            batches.add(Arrays.copyOfRange(order, start, Math.min(count, start + batchSize)));
        }
        return batches;
    }
}
