package dev.d2l.rnn.data;

import ai.djl.modality.nlp.Vocabulary;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A vocabulary: maps tokens to indices and back, as d2l's {@code Vocab}.
 *
 * <p>Index 0 is {@code <unk>}, then the reserved tokens, then the counted tokens by descending
 * frequency, ties in order of first occurrence; tokens seen fewer than {@code minFreq} times
 * are left out. An unknown token maps to index 0. Two vocabularies are equal when they list
 * the same tokens in the same order; frequencies do not take part.
 *
 * <p>It is a DJL {@link Vocabulary}, so DJL's text processing can use it.
 */
public final class Vocab implements Vocabulary {

    /** The token of index 0, which every unknown token maps to. */
    public static final String UNKNOWN = "<unk>";

    /** The index of {@link #UNKNOWN}. */
    public static final int UNKNOWN_INDEX = 0;

    /** A token and how often it was counted. */
    public record TokenFreq(String token, int count) {}

    private final List<String> idxToToken;
    private final Map<String, Integer> tokenToIdx;
    private final List<TokenFreq> tokenFreqs;

    private Vocab(List<String> idxToToken, List<TokenFreq> tokenFreqs) {
        this.idxToToken = Collections.unmodifiableList(idxToToken);
        this.tokenFreqs = Collections.unmodifiableList(tokenFreqs);
        this.tokenToIdx = new HashMap<>(idxToToken.size() * 2);
        for (int i = 0; i < idxToToken.size(); i++) {
            String token = Objects.requireNonNull(idxToToken.get(i), "token " + i + " is null");
            if (tokenToIdx.putIfAbsent(token, i) != null) {
                throw new IllegalArgumentException("The token '" + token + "' appears twice in a vocabulary, at "
                        + tokenToIdx.get(token) + " and " + i);
            }
        }
    }

    /** The vocabulary of tokens given line by line, keeping every token. */
    public static Vocab fromLines(List<? extends List<String>> lines) {
        return fromLines(lines, 0, List.of());
    }

    /**
     * The vocabulary of tokens given line by line.
     *
     * @param minFreq tokens counted fewer times are left out
     * @param reservedTokens tokens placed right after {@code <unk>}, whether counted or not
     */
    public static Vocab fromLines(List<? extends List<String>> lines, int minFreq, List<String> reservedTokens) {
        List<String> flat = new ArrayList<>();
        lines.forEach(flat::addAll);
        return fromTokens(flat, minFreq, reservedTokens);
    }

    /** The vocabulary of a flat list of tokens, keeping every token. */
    public static Vocab fromTokens(List<String> tokens) {
        return fromTokens(tokens, 0, List.of());
    }

    /**
     * The vocabulary of a flat list of tokens.
     *
     * @param minFreq tokens counted fewer times are left out
     * @param reservedTokens tokens placed right after {@code <unk>}, whether counted or not
     */
    public static Vocab fromTokens(List<String> tokens, int minFreq, List<String> reservedTokens) {
        List<TokenFreq> freqs = new ArrayList<>();
        for (Map.Entry<String, Integer> e : Counting.byDescendingCount(tokens)) {
            freqs.add(new TokenFreq(Objects.requireNonNull(e.getKey(), "a token is null"), e.getValue()));
        }
        List<String> idxToToken = new ArrayList<>();
        idxToToken.add(UNKNOWN);
        idxToToken.addAll(reservedTokens);
        Set<String> seen = new HashSet<>(idxToToken);
        for (TokenFreq f : freqs) {
            if (f.count() < minFreq) {
                break;
            }
            if (seen.add(f.token())) {
                idxToToken.add(f.token());
            }
        }
        return new Vocab(idxToToken, freqs);
    }

    /**
     * The vocabulary that lists exactly {@code tokens} (as {@link #tokens()} returned them), for
     * restoring a checkpoint. It equals the vocabulary the list came from; it has no frequencies.
     *
     * @throws IllegalArgumentException if the list does not start with {@code <unk>} or repeats a token
     */
    public static Vocab restore(List<String> tokens) {
        if (tokens.isEmpty() || !UNKNOWN.equals(tokens.get(0))) {
            throw new IllegalArgumentException("A vocabulary's token list starts with " + UNKNOWN + ", got "
                    + (tokens.isEmpty() ? "an empty list" : "'" + tokens.get(0) + "'"));
        }
        return new Vocab(new ArrayList<>(tokens), List.of());
    }

    /** The number of tokens, {@code <unk>} included. */
    @Override
    public long size() {
        return idxToToken.size();
    }

    /** The index of {@code token}, or {@link #UNKNOWN_INDEX} if it is not in the vocabulary. */
    @Override
    public long getIndex(String token) {
        return tokenToIdx.getOrDefault(token, UNKNOWN_INDEX);
    }

    /** Whether {@code token} has an index of its own. */
    @Override
    public boolean contains(String token) {
        return tokenToIdx.containsKey(token);
    }

    /** The index of each token, {@link #UNKNOWN_INDEX} for unknown ones. */
    public int[] indicesOf(List<String> tokens) {
        int[] indices = new int[tokens.size()];
        for (int i = 0; i < indices.length; i++) {
            indices[i] = tokenToIdx.getOrDefault(tokens.get(i), UNKNOWN_INDEX);
        }
        return indices;
    }

    /**
     * The token of {@code index}.
     *
     * @throws IllegalArgumentException if the index is not in [0, size)
     */
    @Override
    public String getToken(long index) {
        if (index < 0 || index >= idxToToken.size()) {
            throw new IllegalArgumentException("Index " + index + " is outside the vocabulary [0, " + size() + ")");
        }
        return idxToToken.get((int) index);
    }

    /** The token of each index; see {@link #getToken(long)}. */
    public List<String> toTokens(int... indices) {
        List<String> tokens = new ArrayList<>(indices.length);
        for (int index : indices) {
            tokens.add(getToken(index));
        }
        return tokens;
    }

    /** Every token in index order, {@code <unk>} first: what a checkpoint stores. */
    public List<String> tokens() {
        return idxToToken;
    }

    /**
     * Every counted token with its count, most frequent first, ties in order of first
     * occurrence; as d2l, it includes tokens below {@code minFreq}. Empty for a restored vocabulary.
     */
    public List<TokenFreq> tokenFreqs() {
        return tokenFreqs;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Vocab other && idxToToken.equals(other.idxToToken);
    }

    @Override
    public int hashCode() {
        return idxToToken.hashCode();
    }

    @Override
    public String toString() {
        int shown = Math.min(10, idxToToken.size());
        return "Vocab(" + size() + " tokens: " + idxToToken.subList(0, shown) + (shown < size() ? "...)" : ")");
    }
}
