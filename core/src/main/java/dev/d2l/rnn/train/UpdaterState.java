package dev.d2l.rnn.train;

import ai.djl.ndarray.NDArray;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What an {@link Updater} carries from one step to the next, in the form a checkpoint saves:
 * the name of the algorithm ({@code "sgd"}, {@code "adam"}), arrays by name (Adam's moments) and
 * counters by name (Adam's step counts). The arrays belong to whoever made the state.
 *
 * @param updater the algorithm's name; a state restores only into an updater of the same name
 * @param arrays named arrays, in a fixed order
 * @param counters named counters, in a fixed order
 */
public record UpdaterState(String updater, Map<String, NDArray> arrays, Map<String, Long> counters) {

    /** @throws NullPointerException if anything is null */
    public UpdaterState {
        Objects.requireNonNull(updater, "updater");
        arrays = Collections.unmodifiableMap(new LinkedHashMap<>(arrays));
        counters = Collections.unmodifiableMap(new LinkedHashMap<>(counters));
        arrays.forEach((name, array) -> Objects.requireNonNull(array, name));
        counters.forEach((name, count) -> Objects.requireNonNull(count, name));
    }

    /** The state of an updater that keeps none, such as SGD. */
    public static UpdaterState empty(String updater) {
        return new UpdaterState(updater, Map.of(), Map.of());
    }

    /** Whether it holds no arrays and no counters. */
    public boolean isEmpty() {
        return arrays.isEmpty() && counters.isEmpty();
    }

    /**
     * The check of an updater that keeps no state.
     *
     * @throws IllegalArgumentException unless this is the empty state of {@code expected}
     */
    void requireEmpty(String expected) {
        requireUpdater(expected);
        if (!isEmpty()) {
            throw new IllegalArgumentException(expected + " keeps no state, but the state given holds arrays " + arrays.keySet()
                    + " and counters " + counters.keySet());
        }
    }

    /** @throws IllegalArgumentException unless the state is {@code expected}'s */
    void requireUpdater(String expected) {
        if (!updater.equals(expected)) {
            throw new IllegalArgumentException("The state is that of " + updater + ", not of " + expected);
        }
    }
}
