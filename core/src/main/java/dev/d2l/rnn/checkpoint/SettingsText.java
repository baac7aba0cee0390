package dev.d2l.rnn.checkpoint;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The text of {@value Checkpoint#SETTINGS} and {@value RunState#FILE}: one {@code key=value} a
 * line, in the map's order; lines that are blank or start with {@code #} are comments.
 */
final class SettingsText {

    /** What a setting's key (and an updater's name) may be made of. */
    static final Pattern KEY = Pattern.compile("[A-Za-z0-9._-]+");

    private SettingsText() {}

    /**
     * @param comment the comment that opens the file, without its {@code # }
     * @throws IllegalArgumentException for a key that is not letters, digits, {@code . _ -}, or a
     *     value that is not one line
     */
    static String text(String comment, Map<String, String> settings) {
        StringBuilder text = new StringBuilder("# ").append(comment).append('\n');
        for (Map.Entry<String, String> setting : settings.entrySet()) {
            String key = setting.getKey();
            String value = setting.getValue();
            if (key == null || !KEY.matcher(key).matches()) {
                throw new IllegalArgumentException("A setting's key must be letters, digits, '.', '_' or '-', got '" + key + "'");
            }
            if (value == null || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
                throw new IllegalArgumentException("The setting " + key + " must be a single line of text, got '" + value + "'");
            }
            text.append(key).append('=').append(value).append('\n');
        }
        return text.toString();
    }

    /**
     * The settings in {@code text}, in its order; a later line for a key replaces an earlier one.
     *
     * @throws IllegalArgumentException for a line that is not {@code key=value}
     */
    static Map<String, String> parse(String text) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int equals = line.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException(Checkpoint.SETTINGS + " has a line without key=value: " + Excerpt.of(line));
            }
            settings.put(line.substring(0, equals), line.substring(equals + 1));
        }
        return settings;
    }
}
