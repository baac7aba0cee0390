package dev.d2l.rnn.testing;

/** A small repetitive character corpus that an RNN learns in a few epochs. */
public final class TinyCorpus {

    private static final String TEXT = "the time traveller for so it will be convenient to speak of him "
            + "was expounding a recondite matter to us his grey eyes shone and twinkled ";

    private TinyCorpus() {}

    /** Characters mapped to 1..26 (letters) and 27 (space); 0 is left for an unknown token, as in d2l. */
    public static int[] indices(int length) {
        int[] corpus = new int[length];
        for (int i = 0; i < length; i++) {
            char c = TEXT.charAt(i % TEXT.length());
            corpus[i] = c == ' ' ? 27 : c - 'a' + 1;
        }
        return corpus;
    }

    /** The vocabulary size of {@link #indices}. */
    public static int vocabSize() {
        return 28;
    }
}
