package dev.d2l.rnn.data;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How a corpus is cut into minibatches of subsequences (d2l 8.3.4, and word_language_model's). */
public enum Sampling {
    /** Random sampling: subsequences in random order; adjacent minibatches are unrelated. */
    RANDOM,
    /**
     * Sequential partitioning: row i of minibatch k+1 continues row i of minibatch k; each epoch
     * starts at a random offset and leaves out the tokens that do not fill a whole minibatch.
     */
    SEQUENTIAL,
    /**
     * PyTorch word_language_model's {@code batchify} and {@code get_batch}: sequential
     * partitioning from the first token in every epoch (the same minibatches each time), every
     * row's tokens used, so the last minibatch may have fewer steps.
     */
    BATCHIFY;

    /** Whether a minibatch continues the previous one's rows, so the state is carried between them. */
    public boolean carriesState() {
        return this != RANDOM;
    }

    /**
     * Parses {@code random}, {@code sequential} or {@code batchify}, in any case.
     *
     * @throws IllegalArgumentException naming the value and the accepted ones
     */
    public static Sampling parse(String name) {
        for (Sampling s : values()) {
            if (s.name().equalsIgnoreCase(name == null ? "" : name.trim())) {
                return s;
            }
        }
        throw new IllegalArgumentException("Unknown sampling '" + name + "': use "
                + Arrays.stream(values()).map(Sampling::toString).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
