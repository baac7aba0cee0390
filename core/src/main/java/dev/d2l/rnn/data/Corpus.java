package dev.d2l.rnn.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * A text as token indices together with its vocabulary (d2l's {@code corpus, vocab}).
 *
 * @param indices the token indices, in text order; copied in and out, so a corpus never changes
 * @param vocab the vocabulary the indices refer to
 */
public record Corpus(int[] indices, Vocab vocab) {

    /** Checks that every index is in the vocabulary. */
    public Corpus {
        Objects.requireNonNull(vocab, "vocab");
        indices = indices.clone();
        for (int i = 0; i < indices.length; i++) {
            if (indices[i] < 0 || indices[i] >= vocab.size()) {
                throw new IllegalArgumentException("Token " + i + " has index " + indices[i]
                        + ", outside the vocabulary [0, " + vocab.size() + ")");
            }
        }
    }

    /** A copy of the token indices. */
    @Override
    public int[] indices() {
        return indices.clone();
    }

    /** The number of tokens. */
    public int size() {
        return indices.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Corpus other && Arrays.equals(indices, other.indices) && vocab.equals(other.vocab);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(indices) + vocab.hashCode();
    }

    @Override
    public String toString() {
        return "Corpus(" + indices.length + " tokens, " + vocab + ")";
    }
}
