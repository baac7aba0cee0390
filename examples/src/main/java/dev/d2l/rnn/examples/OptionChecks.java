package dev.d2l.rnn.examples;

import dev.d2l.rnn.data.TokenType;
import java.util.List;
import java.util.Locale;

/** The checks of option values that several commands share; each message names the option and the value. */
final class OptionChecks {

    /** The most tokens one continuation may have: its text is built in memory. */
    static final int MAX_LENGTH = 1_000_000;

    private OptionChecks() {}

    static void positive(String option, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(option + " must be positive, got " + value);
        }
    }

    static void notNegative(String option, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(option + " must be zero or more, got " + value);
        }
    }

    /** @throws IllegalArgumentException unless {@code 0 <= length <= MAX_LENGTH} */
    static void checkLength(int length) {
        if (length < 0 || length > MAX_LENGTH) {
            throw new IllegalArgumentException("--length must be 0 to " + MAX_LENGTH + " tokens, got " + length);
        }
    }

    /** @throws IllegalArgumentException if a prefix has no tokens to start from */
    static void checkPrefixes(List<String> prefixes, TokenType tokens) {
        if (prefixes.stream().anyMatch(p -> tokens.tokenize(p).isEmpty())) {
            throw new IllegalArgumentException("A --prefix is empty: give at least one "
                    + tokens.toString().toLowerCase(Locale.ROOT) + " token to start from");
        }
    }
}
