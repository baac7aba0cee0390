package dev.d2l.rnn.data;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Python's {@code sorted(Counter(items).items(), key=count, reverse=True)}. */
final class Counting {

    private Counting() {}

    /**
     * Each distinct item with its count, most frequent first; equal counts keep the order of
     * first occurrence, as a {@code Counter} (insertion-ordered) sorted stably does.
     */
    static <T> List<Map.Entry<T, Integer>> byDescendingCount(Iterable<? extends T> items) {
        Map<T, int[]> counts = new LinkedHashMap<>();
        for (T item : items) {
            counts.computeIfAbsent(item, k -> new int[1])[0]++;
        }
        List<Map.Entry<T, Integer>> entries = new ArrayList<>(counts.size());
        counts.forEach((item, count) -> entries.add(Map.entry(item, count[0])));
        // List.sort is stable, like Python's sorted.
        entries.sort(Comparator.comparing((Map.Entry<T, Integer> e) -> e.getValue()).reversed());
        return entries;
    }
}
