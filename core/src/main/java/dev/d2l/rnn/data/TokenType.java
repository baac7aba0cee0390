package dev.d2l.rnn.data;

import ai.djl.modality.nlp.preprocess.Tokenizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How a line of text splits into tokens (d2l's {@code tokenize(lines, token)}); each type is
 * also a DJL {@link Tokenizer}.
 */
public enum TokenType implements Tokenizer {

    /** Words: runs of non-whitespace, as Python's {@code line.split()}; no empty tokens. */
    WORD {
        @Override
        public List<String> tokenize(String line) {
            List<String> words = new ArrayList<>();
            int start = -1;
            for (int i = 0; i < line.length(); ) {
                int cp = line.codePointAt(i);
                if (isPythonSpace(cp)) {
                    if (start >= 0) {
                        words.add(line.substring(start, i));
                        start = -1;
                    }
                } else if (start < 0) {
                    start = i;
                }
                i += Character.charCount(cp);
            }
            if (start >= 0) {
                words.add(line.substring(start));
            }
            return words;
        }

        /** The words joined by single spaces. */
        @Override
        public String buildSentence(List<String> tokens) {
            return String.join(" ", tokens);
        }
    },

    /**
     * Characters: one token per Unicode code point, as Python's {@code list(line)}; a space is
     * a token, an empty line has none, and a character outside the Basic Multilingual Plane is
     * one token, not two surrogate halves.
     */
    CHAR {
        @Override
        public List<String> tokenize(String line) {
            List<String> chars = new ArrayList<>(line.length());
            // One String per distinct character, not per occurrence: a book's worth of tokens then costs 4 bytes each.
            Map<Integer, String> seen = new HashMap<>();
            line.codePoints().forEach(cp -> chars.add(seen.computeIfAbsent(cp, Character::toString)));
            return chars;
        }

        /** The characters joined as they are. */
        @Override
        public String buildSentence(List<String> tokens) {
            return String.join("", tokens);
        }
    };

    /** The tokens of one line. */
    @Override
    public abstract List<String> tokenize(String line);

    /** The tokens of every line, one list per line. */
    public List<List<String>> tokenize(List<String> lines) {
        List<List<String>> tokens = new ArrayList<>(lines.size());
        for (String line : lines) {
            tokens.add(tokenize(line));
        }
        return tokens;
    }

    /**
     * The token type called {@code name}, in any case ({@code word}, {@code char}).
     *
     * @throws IllegalArgumentException naming the value and the allowed ones
     */
    public static TokenType parse(String name) {
        for (TokenType type : values()) {
            if (type.name().equalsIgnoreCase(name == null ? "" : name.trim())) {
                return type;
            }
        }
        throw new IllegalArgumentException("Unknown token type '" + name + "'; allowed: "
                + Arrays.stream(values()).map(t -> t.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")));
    }

    /** Python's {@code str.isspace()}: Java's whitespace plus the no-break spaces and NEL. */
    private static boolean isPythonSpace(int cp) {
        return Character.isWhitespace(cp) || Character.isSpaceChar(cp) || cp == 0x85;
    }
}
