package dev.d2l.rnn.testing;

import dev.d2l.rnn.data.TokenType;
import dev.d2l.rnn.data.Vocab;
import java.util.List;

/** A small repetitive character corpus that an RNN learns in a few epochs. */
public final class TinyCorpus {

    /** The text, repeated as often as a corpus needs. */
    public static final String TEXT = "the time traveller for so it will be convenient to speak of him "
            + "was expounding a recondite matter to us his grey eyes shone and twinkled ";

    private static final Vocab VOCAB = Vocab.fromTokens(TokenType.CHAR.tokenize(TEXT));

    private TinyCorpus() {}

    /** The first {@code length} characters of the repeated text, as indices of {@link #vocab()}. */
    public static int[] indices(int length) {
        List<String> chars = TokenType.CHAR.tokenize(TEXT);
        int[] corpus = new int[length];
        for (int i = 0; i < length; i++) {
            corpus[i] = (int) VOCAB.getIndex(chars.get(i % chars.size()));
        }
        return corpus;
    }

    /** The character vocabulary of the text, d2l style ({@code <unk>} first). */
    public static Vocab vocab() {
        return VOCAB;
    }

    /** The vocabulary's size. */
    public static int vocabSize() {
        return (int) VOCAB.size();
    }
}
