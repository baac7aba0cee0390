package dev.d2l.rnn.checkpoint;

import dev.d2l.rnn.data.Vocab;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * The text of {@value Checkpoint#VOCAB}: one token a line, in index order; a backslash, line
 * feed or carriage return inside a token is escaped ({@code \\}, {@code \n}, {@code \r}), so
 * every token, the empty one included, comes back exactly.
 */
final class VocabText {

    private VocabText() {}

    static String text(Vocab vocab) {
        StringBuilder text = new StringBuilder();
        for (String token : vocab.tokens()) {
            text.append(token.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r")).append('\n');
        }
        return text.toString();
    }

    /** @throws IllegalArgumentException for text a save does not write: no final line break, an unknown escape, a token twice */
    static Vocab parse(String text) {
        if (!text.endsWith("\n")) {
            throw new IllegalArgumentException(Checkpoint.VOCAB + " does not end with a line break");
        }
        List<String> tokens = new ArrayList<>();
        for (String line : text.substring(0, text.length() - 1).split("\n", -1)) {
            StringBuilder token = new StringBuilder(line.length());
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (c != '\\') {
                    token.append(c);
                    continue;
                }
                char escaped = ++i < line.length() ? line.charAt(i) : '?';
                switch (escaped) {
                    case '\\' -> token.append('\\');
                    case 'n' -> token.append('\n');
                    case 'r' -> token.append('\r');
                    default -> throw new IllegalArgumentException(Checkpoint.VOCAB + " has an unknown escape in line "
                            + (tokens.size() + 1));
                }
            }
            tokens.add(token.toString());
        }
        if (new HashSet<>(tokens).size() != tokens.size()) {
            throw new IllegalArgumentException(Checkpoint.VOCAB + " lists a token twice");
        }
        return Vocab.restore(tokens);
    }
}
