package dev.d2l.rnn.checkpoint;

import dev.d2l.rnn.train.UpdaterState;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An updater's state as a snapshot holds it: the text of {@value Checkpoint#UPDATER} (the
 * updater's name, then one counter a line: {@code counter <value> <name>}) and its arrays, which
 * stay encoded until they are restored.
 *
 * @param name the updater's name ({@code adam}, {@code sgd})
 * @param counters its counters by name, in the saved order
 * @param arrays its arrays as {@link NamedArrays} encodes them; null if it has none (SGD)
 */
record SavedUpdater(String name, Map<String, Long> counters, byte[] arrays) {

    /** @throws IllegalArgumentException for a name or counter that the text cannot carry */
    static String text(UpdaterState state) {
        if (!SettingsText.KEY.matcher(state.updater()).matches()) {
            throw new IllegalArgumentException("An updater's name must be letters, digits, '.', '_' or '-', got '"
                    + state.updater() + "'");
        }
        StringBuilder text = new StringBuilder("# the updater whose state this snapshot holds, then its counters (value name)\n")
                .append("updater ").append(state.updater()).append('\n');
        for (Map.Entry<String, Long> counter : state.counters().entrySet()) {
            String name = counter.getKey();
            if (name.isEmpty() || name.indexOf('\n') >= 0 || name.indexOf('\r') >= 0) {
                throw new IllegalArgumentException("A counter's name must be a single line of text, got '" + name + "'");
            }
            text.append("counter ").append(counter.getValue()).append(' ').append(name).append('\n');
        }
        return text.toString();
    }

    /** @throws IllegalArgumentException for a line not understood, a counter twice, or no updater named */
    static SavedUpdater parse(String text, byte[] arrays) {
        String name = null;
        Map<String, Long> counters = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] words = line.split(" ", 3);
            boolean understood;
            if (name == null) {
                understood = words.length == 2 && words[0].equals("updater") && SettingsText.KEY.matcher(words[1]).matches();
                name = understood ? words[1] : null;
            } else {
                Long value = words.length == 3 && words[0].equals("counter") ? counter(words[1]) : null;
                understood = value != null && counters.putIfAbsent(words[2], value) == null;
            }
            if (!understood) {
                throw new IllegalArgumentException(Checkpoint.UPDATER + " has a line that is not understood: " + Excerpt.of(line));
            }
        }
        if (name == null) {
            throw new IllegalArgumentException(Checkpoint.UPDATER + " does not name its updater");
        }
        return new SavedUpdater(name, Collections.unmodifiableMap(counters), arrays);
    }

    /** A counter's value as {@link #text} writes it (any long), or null. */
    private static Long counter(String word) {
        if (!word.matches("-?\\d{1,19}")) {
            return null;
        }
        try {
            return Long.parseLong(word);
        } catch (NumberFormatException beyondLong) {
            return null;
        }
    }
}
