package dev.d2l.rnn.data;

import java.util.Arrays;

/**
 * A corpus cut into training, validation and test parts, contiguous and in that order, as
 * PyTorch's word_language_model cuts its text: the validation part starts at token
 * {@code floor((1 - valid - test) * n)} and the test part at {@code floor((1 - test) * n)}.
 *
 * @param train the tokens to train on
 * @param valid the held-out tokens that pick the best epoch (empty when not asked for)
 * @param test the held-out tokens for the final figure (empty when not asked for)
 */
public record CorpusSplit(int[] train, int[] valid, int[] test) {

    /**
     * Cuts {@code tokens}.
     *
     * @param validFraction the share of the tokens that validate, in [0, 1)
     * @param testFraction the share that tests, in [0, 1)
     * @throws IllegalArgumentException if a fraction is outside [0, 1) or the two leave nothing to train on
     */
    public static CorpusSplit of(int[] tokens, double validFraction, double testFraction) {
        check("validation", validFraction);
        check("test", testFraction);
        int n = tokens.length;
        int validStart = (int) ((1 - validFraction - testFraction) * n);
        int testStart = (int) ((1 - testFraction) * n);
        if (!(validFraction + testFraction < 1) || validStart <= 0) {
            throw new IllegalArgumentException("The validation and test fractions (" + validFraction + " and " + testFraction
                    + ") leave no tokens of the " + n + " to train on");
        }
        return new CorpusSplit(Arrays.copyOfRange(tokens, 0, validStart), Arrays.copyOfRange(tokens, validStart, testStart),
                Arrays.copyOfRange(tokens, testStart, n));
    }

    private static void check(String name, double fraction) {
        if (!(fraction >= 0 && fraction < 1)) {
            throw new IllegalArgumentException("The " + name + " fraction must be in [0, 1), got " + fraction);
        }
    }

    /** Whether there is a validation part. */
    public boolean validates() {
        return valid.length > 0;
    }

    /** Whether there is a test part. */
    public boolean tests() {
        return test.length > 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CorpusSplit other && Arrays.equals(train, other.train) && Arrays.equals(valid, other.valid)
                && Arrays.equals(test, other.test);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(train) * 961 + Arrays.hashCode(valid) * 31 + Arrays.hashCode(test);
    }

    @Override
    public String toString() {
        return "CorpusSplit[train " + train.length + ", valid " + valid.length + ", test " + test.length + " tokens]";
    }
}
