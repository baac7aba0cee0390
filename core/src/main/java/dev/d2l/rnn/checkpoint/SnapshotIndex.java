package dev.d2l.rnn.checkpoint;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The text of a store's index file: which snapshot folder is current, and the SHA-256 of each
 * of its files, one {@code sha256 <name> <hex>} line each.
 *
 * @param snapshot the current snapshot folder's name, {@code snapshot-<n>}
 * @param digests the SHA-256 of each file of the snapshot, in hexadecimal, by file name
 */
record SnapshotIndex(String snapshot, Map<String, String> digests) {

    static final Pattern SNAPSHOT = Pattern.compile("snapshot-(\\d{1,9})");

    SnapshotIndex {
        digests = Collections.unmodifiableMap(new LinkedHashMap<>(digests));
    }

    String text() {
        StringBuilder text = new StringBuilder("# d2l-rnn checkpoint: the current snapshot and the SHA-256 of its files\n")
                .append("snapshot ").append(snapshot).append('\n');
        digests.forEach((name, digest) -> text.append("sha256 ").append(name).append(' ').append(digest).append('\n'));
        return text.toString();
    }

    /**
     * The index in {@code lines}, which may name only {@code known} files and must name every
     * one of {@code required}.
     *
     * @param file the index file's name, for messages
     * @throws IllegalArgumentException naming the first line not understood, or what is missing
     */
    static SnapshotIndex parse(List<String> lines, String file, Set<String> known, List<String> required) {
        String snapshot = null;
        Map<String, String> digests = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] words = line.split(" ");
            if (words.length == 2 && words[0].equals("snapshot") && SNAPSHOT.matcher(words[1]).matches() && snapshot == null) {
                snapshot = words[1];
            } else if (words.length == 3 && words[0].equals("sha256") && known.contains(words[1])) {
                digests.put(words[1], words[2]);
            } else {
                throw new IllegalArgumentException(file + " line " + (i + 1) + " is not understood: " + Excerpt.of(line));
            }
        }
        if (snapshot == null || !digests.keySet().containsAll(required)) {
            throw new IllegalArgumentException(file + " does not name a snapshot and the SHA-256 of each of " + required);
        }
        return new SnapshotIndex(snapshot, digests);
    }
}
