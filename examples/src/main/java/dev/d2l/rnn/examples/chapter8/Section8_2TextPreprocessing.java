package dev.d2l.rnn.examples.chapter8;

import static dev.d2l.rnn.examples.chapter8.Chapter8.repr;

import dev.d2l.rnn.data.Corpora;
import dev.d2l.rnn.data.Corpus;
import dev.d2l.rnn.data.TokenType;
import dev.d2l.rnn.data.Vocab;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * d2l 8.2, text preprocessing: read The Time Machine, split it into tokens, build a vocabulary
 * and turn the text into indices, printing what each of the section's cells prints.
 *
 * <p>Usage: {@code Section8_2TextPreprocessing}. The section computes nothing on an engine, so
 * an engine argument is accepted and not used.
 */
public final class Section8_2TextPreprocessing {

    private Section8_2TextPreprocessing() {}

    /** Runs the section; see the class comment. */
    public static void main(String[] args) {
        Chapter8.main(args, 1, Section8_2TextPreprocessing::run);
    }

    /** The section's cells in order, printed to {@code out}. */
    static void run(Chapter8.Args args, PrintStream out) {
        // Reading the dataset
        List<String> lines = Corpora.readTimeMachine();
        out.println("# text lines: " + lines.size());
        out.println(lines.get(0));
        out.println(lines.get(10));

        // Tokenization
        List<List<String>> tokens = TokenType.WORD.tokenize(lines);
        for (int i = 0; i < 11; i++) {
            out.println(repr(tokens.get(i)));
        }

        // Vocabulary
        Vocab vocab = Vocab.fromLines(tokens);
        List<String> tokenToIdx = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            tokenToIdx.add("(" + repr(vocab.getToken(i)) + ", " + i + ")");
        }
        out.println("[" + String.join(", ", tokenToIdx) + "]");
        for (int i : new int[] {0, 10}) {
            out.println("words: " + repr(tokens.get(i)));
            out.println("indices: " + repr(vocab.indicesOf(tokens.get(i))));
        }

        // Putting all things together
        Corpus corpus = Corpora.loadCorpusTimeMachine(-1);
        out.println("(" + corpus.size() + ", " + corpus.vocab().size() + ")");
    }
}
