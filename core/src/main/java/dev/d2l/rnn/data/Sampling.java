package dev.d2l.rnn.data;

import java.util.Locale;

/** How a corpus is cut into minibatches of subsequences (d2l 8.3.4). */
public enum Sampling {
    /** Random sampling: subsequences in random order; adjacent minibatches are unrelated. */
    RANDOM,
    /** Sequential partitioning: row i of minibatch k+1 continues row i of minibatch k. */
    SEQUENTIAL;

    /**
     * Parses {@code random} or {@code sequential}, in any case.
     *
     * @throws IllegalArgumentException naming the value and the accepted ones
     */
    public static Sampling parse(String name) {
        for (Sampling s : values()) {
            if (s.name().equalsIgnoreCase(name == null ? "" : name.trim())) {
                return s;
            }
        }
        throw new IllegalArgumentException("Unknown sampling '" + name + "': use random or sequential");
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
