package dev.d2l.rnn.examples.chapter8;

import static dev.d2l.rnn.examples.chapter8.Chapter8.repr;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.d2l.rnn.data.Corpora;
import dev.d2l.rnn.plot.FrequencyPlot;
import dev.d2l.rnn.data.NGramCounts;
import dev.d2l.rnn.data.Sampling;
import dev.d2l.rnn.data.SeqDataLoader;
import dev.d2l.rnn.data.TokenType;
import dev.d2l.rnn.data.Vocab;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * d2l 8.3, language models and the dataset: the word statistics of The Time Machine (unigrams,
 * bigrams, trigrams and their Zipf plots), then the two samplers on the toy sequence 0..34 with
 * minibatches of 2 and 5 steps, their X and Y printed as the engine's arrays.
 *
 * <p>Usage: {@code Section8_3LanguageModels [engine] [--output DIR]}; the figures go to
 * {@code DIR/8.3-unigram-frequency} and {@code DIR/8.3-ngram-frequency} (.png, .svg).
 */
public final class Section8_3LanguageModels {

    private Section8_3LanguageModels() {}

    /** Runs the section; see the class comment. */
    public static void main(String[] args) {
        Chapter8.main(args, 1, Section8_3LanguageModels::run);
    }

    /** The section's cells in order, printed to {@code out}. */
    static void run(Chapter8.Args args, PrintStream out) throws IOException {
        // Natural language statistics
        List<List<String>> tokens = TokenType.WORD.tokenize(Corpora.readTimeMachine());
        List<String> corpus = new ArrayList<>();
        tokens.forEach(corpus::addAll);
        Vocab vocab = Vocab.fromTokens(corpus);
        out.println(repr(vocab.tokenFreqs().subList(0, 10)));

        int[] freqs = vocab.tokenFreqs().stream().mapToInt(Vocab.TokenFreq::count).toArray();
        Path unigramFigure = args.figure("8.3-unigram-frequency");
        FrequencyPlot.save(Map.of("unigram", freqs), Path.of(unigramFigure + ".png"), 600, 400);
        FrequencyPlot.save(Map.of("unigram", freqs), Path.of(unigramFigure + ".svg"), 600, 400);
        out.println("figure: " + unigramFigure + ".png, .svg");

        NGramCounts bigramVocab = NGramCounts.of(corpus, 2);
        out.println(repr(bigramVocab.top(10)));
        NGramCounts trigramVocab = NGramCounts.of(corpus, 3);
        out.println(repr(trigramVocab.top(10)));

        Map<String, int[]> curves = new LinkedHashMap<>();
        curves.put("unigram", freqs);
        curves.put("bigram", bigramVocab.frequencies());
        curves.put("trigram", trigramVocab.frequencies());
        Path ngramFigure = args.figure("8.3-ngram-frequency");
        FrequencyPlot.save(curves, Path.of(ngramFigure + ".png"), 600, 400);
        FrequencyPlot.save(curves, Path.of(ngramFigure + ".svg"), 600, 400);
        out.println("figure: " + ngramFigure + ".png, .svg");

        // Reading long sequence data: random sampling, then sequential partitioning
        int[] mySeq = IntStream.range(0, 35).toArray();
        try (NDManager manager = Chapter8.tryGpu(args.loadEngine())) {
            for (Sampling sampling : List.of(Sampling.RANDOM, Sampling.SEQUENTIAL)) {
                out.println(sampling == Sampling.RANDOM ? "seq_data_iter_random" : "seq_data_iter_sequential");
                for (SeqDataLoader.Minibatch batch : new SeqDataLoader(mySeq, 2, 5, sampling, 42)) {
                    try (NDManager scope = manager.newSubManager()) {
                        NDList xy = batch.toNDList(scope);
                        out.println("X: " + Chapter8.show(xy.get(0)));
                        out.println("Y: " + Chapter8.show(xy.get(1)));
                    }
                }
            }
        }
    }
}
