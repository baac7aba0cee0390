package dev.d2l.rnn.examples;

import dev.d2l.rnn.data.Corpus;
import dev.d2l.rnn.data.NGramCounts;
import dev.d2l.rnn.data.TokenType;
import dev.d2l.rnn.data.ZipfFit;
import dev.d2l.rnn.plot.FrequencyPlot;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** d2l 8.3's statistics of a corpus: the most frequent n-grams, Zipf's law and its log-log plot. */
@Command(name = "stats", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Language-model statistics of a dataset (d2l 8.3): top unigrams, bigrams and trigrams, "
                + "Zipf's exponent, and the log-log frequency plot (frequency.png, .svg).")
final class StatsCommand implements Callable<Integer> {

    private static final List<String> NAMES = List.of("unigrams", "bigrams", "trigrams");

    @Option(names = "--dataset", defaultValue = "timemachine",
            description = "timemachine, jaychou or the path of a UTF-8 text file (default: ${DEFAULT-VALUE})")
    String dataset;

    @Option(names = "--tokens", defaultValue = "word", converter = Choice.Tokens.class, completionCandidates = Choice.Tokens.class,
            description = "word or char (default: ${DEFAULT-VALUE})")
    TokenType tokens;

    @Option(names = "--max-tokens", paramLabel = "N", defaultValue = "0",
            description = "tokens of the corpus to count; 0 for all (default: ${DEFAULT-VALUE})")
    int maxTokens;

    @Option(names = "--top", paramLabel = "N", defaultValue = "10", description = "n-grams to list of each kind (default: ${DEFAULT-VALUE})")
    int top;

    @Option(names = "--zipf-skip", paramLabel = "N", defaultValue = "5",
            description = "most frequent words left out of the Zipf fit (stop words; default: ${DEFAULT-VALUE})")
    int zipfSkip;

    @Option(names = "--output", paramLabel = "DIR", defaultValue = "build-output/stats",
            description = "where the plot goes (default: ${DEFAULT-VALUE})")
    Path output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        OptionChecks.notNegative("--max-tokens", maxTokens);
        OptionChecks.positive("--top", top);
        OptionChecks.notNegative("--zipf-skip", zipfSkip);
        Corpus corpus = DataOptions.corpus(dataset, tokens, maxTokens);
        List<String> words = corpus.vocab().toTokens(corpus.indices());

        PrintWriter out = spec.commandLine().getOut();
        Map<String, int[]> curves = new LinkedHashMap<>();
        for (int n = 1; n <= 3; n++) {
            NGramCounts counts = NGramCounts.of(words, n);
            String name = NAMES.get(n - 1);
            out.printf(Locale.ROOT, "%s: %,d in all, %,d distinct%n", name, counts.total(), counts.distinct());
            String joiner = tokens == TokenType.WORD ? " " : "";
            for (NGramCounts.Entry entry : counts.top(top)) {
                out.printf(Locale.ROOT, "  %-30s %,8d%n", "'" + String.join(joiner, entry.gram()) + "'", entry.count());
            }
            if (counts.distinct() > 0) {
                curves.put(name.substring(0, name.length() - 1), counts.frequencies());
            }
        }
        int[] unigrams = curves.get("unigram");
        ZipfFit fit = ZipfFit.fit(unigrams, Math.min(zipfSkip, Math.max(0, unigrams.length - 2)));
        out.printf(Locale.ROOT, "Zipf's law: n(x) ~ x^-alpha with alpha %.3f (least squares on log-log, ranks %d to %d)%n",
                fit.alpha(), fit.skip() + 1, fit.skip() + fit.points());
        try (OutputFolder written = OutputFolder.lock(output, "d2l stats")) {
            FrequencyPlot.save(curves, written.resolve("frequency.png"), 640, 480);
            FrequencyPlot.save(curves, written.resolve("frequency.svg"), 640, 480);
        }
        out.println("plot: " + output.resolve("frequency.png") + ", .svg");
        out.flush();
        return 0;
    }
}
