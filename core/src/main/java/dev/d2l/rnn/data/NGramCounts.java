package dev.d2l.rnn.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How often each n-gram (n consecutive tokens) occurs in a token sequence, most frequent
 * first, ties in order of first occurrence (d2l 8.3's unigram, bigram and trigram tables).
 */
public final class NGramCounts {

    /** An n-gram and its count. */
    public record Entry(List<String> gram, int count) {}

    private final int n;
    private final List<Entry> entries;
    private final Map<List<String>, Integer> counts;
    private final long total;

    private NGramCounts(int n, List<Entry> entries, long total) {
        this.n = n;
        this.entries = Collections.unmodifiableList(entries);
        this.total = total;
        this.counts = new HashMap<>(entries.size() * 2);
        entries.forEach(e -> counts.put(e.gram(), e.count()));
    }

    /**
     * Counts the n-grams of {@code tokens}; fewer than {@code n} tokens give an empty table.
     *
     * @throws IllegalArgumentException if {@code n < 1}
     */
    public static NGramCounts of(List<String> tokens, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("An n-gram needs n >= 1, got " + n);
        }
        List<List<String>> grams = new ArrayList<>(Math.max(0, tokens.size() - n + 1));
        for (int i = 0; i + n <= tokens.size(); i++) {
            grams.add(List.copyOf(tokens.subList(i, i + n)));
        }
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<List<String>, Integer> e : Counting.byDescendingCount(grams)) {
            entries.add(new Entry(e.getKey(), e.getValue()));
        }
        return new NGramCounts(n, entries, grams.size());
    }

    /** The n of these n-grams. */
    public int n() {
        return n;
    }

    /** The number of n-grams counted, repeats included. */
    public long total() {
        return total;
    }

    /** The number of distinct n-grams. */
    public int distinct() {
        return entries.size();
    }

    /** How often {@code gram} occurs; 0 if never. */
    public int count(String... gram) {
        return count(List.of(gram));
    }

    /** How often {@code gram} occurs; 0 if never. */
    public int count(List<String> gram) {
        return counts.getOrDefault(gram, 0);
    }

    /** The {@code k} most frequent n-grams (all of them if there are fewer). */
    public List<Entry> top(int k) {
        if (k < 0) {
            throw new IllegalArgumentException("k must be >= 0, got " + k);
        }
        return entries.subList(0, Math.min(k, entries.size()));
    }

    /** Every distinct n-gram with its count, most frequent first. */
    public List<Entry> entries() {
        return entries;
    }

    /** The counts in rank order, most frequent first: the curve of a Zipf plot. */
    public int[] frequencies() {
        return entries.stream().mapToInt(Entry::count).toArray();
    }
}
