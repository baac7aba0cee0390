package dev.d2l.rnn.examples;

import dev.d2l.rnn.data.Corpora;
import dev.d2l.rnn.data.Corpus;
import dev.d2l.rnn.data.CorpusSplit;
import dev.d2l.rnn.data.DatasetStore;
import dev.d2l.rnn.data.Sampling;
import dev.d2l.rnn.data.SeqDataLoader;
import dev.d2l.rnn.data.TokenType;
import dev.d2l.rnn.train.HeldOutPerplexity;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * The options that describe the data: the corpus they name ({@link Corpus}), its cut into
 * training and held-out parts ({@link CorpusSplit}), the training minibatches ({@link SeqDataLoader})
 * and how a held-out part is read ({@link HeldOutPerplexity}). Defaults: d2l 8.5's.
 */
final class DataOptions {

    /** The datasets known by name; any other value is a file's path. */
    static final List<String> DATASETS = List.of("timemachine", "jaychou");

    @Option(names = "--dataset", paramLabel = "NAME|PATH", defaultValue = "timemachine",
            description = "timemachine, jaychou or the path of a UTF-8 text file (default: ${DEFAULT-VALUE})")
    String dataset;

    @Option(names = "--tokens", paramLabel = "TYPE", defaultValue = "char", converter = Choice.Tokens.class,
            completionCandidates = Choice.Tokens.class, description = "char or word (default: ${DEFAULT-VALUE})")
    TokenType tokens;

    @Option(names = "--sampling", paramLabel = "TYPE", defaultValue = "sequential", converter = Choice.Samplings.class,
            completionCandidates = Choice.Samplings.class, description = "random, sequential (d2l's, from a random offset), "
                    + "batchify (word_language_model's: from the first token every epoch, the last minibatch shorter) "
                    + "(default: ${DEFAULT-VALUE})")
    Sampling sampling;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "32", description = "sequences per minibatch (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--num-steps", paramLabel = "N", defaultValue = "35", description = "tokens per sequence (default: ${DEFAULT-VALUE})")
    int numSteps;

    @Option(names = "--max-tokens", paramLabel = "N", defaultValue = "10000", description = "tokens of the corpus to train on; 0 for all (default: ${DEFAULT-VALUE})")
    int maxTokens;

    @Option(names = "--valid-fraction", paramLabel = "F", defaultValue = "0",
            description = "share of the tokens (after --max-tokens) held out for validation, after the training part (default: ${DEFAULT-VALUE})")
    double validFraction;

    @Option(names = "--test-fraction", paramLabel = "F", defaultValue = "0",
            description = "share of the tokens held out for the final test, at the end (default: ${DEFAULT-VALUE})")
    double testFraction;

    @Option(names = "--eval-batch-size", paramLabel = "N", defaultValue = "10",
            description = "columns of the held-out parts when they are evaluated (default: ${DEFAULT-VALUE}, as word_language_model)")
    int evalBatchSize;

    /** @throws IllegalArgumentException naming the first option whose value does not fit */
    void validate() {
        OptionChecks.positive("--batch-size", batchSize);
        OptionChecks.positive("--num-steps", numSteps);
        OptionChecks.notNegative("--max-tokens", maxTokens);
        if (dataset.equalsIgnoreCase("jaychou") && tokens != TokenType.CHAR) {
            throw new IllegalArgumentException("The Jay Chou lyrics come as characters only: use --tokens char");
        }
        OptionChecks.positive("--eval-batch-size", evalBatchSize);
        if (!(validFraction >= 0 && testFraction >= 0 && validFraction + testFraction < 1)) {
            throw new IllegalArgumentException("--valid-fraction and --test-fraction must be zero or more and leave tokens to train on, got "
                    + validFraction + " and " + testFraction);
        }
    }

    /** The corpus the options name. */
    Corpus corpus() {
        return corpus(dataset, tokens, maxTokens);
    }

    /** The corpus {@code dataset} names (a built-in dataset or a file), its first {@code maxTokens} tokens (0: all). */
    static Corpus corpus(String dataset, TokenType tokens, int maxTokens) {
        switch (dataset.toLowerCase(Locale.ROOT)) {
            case "timemachine":
                return Corpora.loadCorpusTimeMachine(DatasetStore.standard(), tokens, maxTokens);
            case "jaychou":
                return Corpora.loadJayChouLyrics(DatasetStore.standard(), maxTokens > 0 ? maxTokens : Integer.MAX_VALUE);
            default:
                return Corpora.loadTextFile(Path.of(dataset), tokens, maxTokens);
        }
    }

    /** A built-in dataset by name, any file by its absolute path, so a checkpoint works from any folder. */
    String datasetSetting() {
        String lower = dataset.toLowerCase(Locale.ROOT);
        return DATASETS.contains(lower) ? lower : Path.of(dataset).toAbsolutePath().normalize().toString();
    }

    /** The book's prefixes for the dataset. */
    List<String> defaultPrefixes() {
        switch (dataset.toLowerCase(Locale.ROOT)) {
            case "timemachine":
                return tokens == TokenType.WORD ? List.of("the time traveller", "traveller") : List.of("time traveller", "traveller");
            case "jaychou":
                return List.of("分开", "不分开");
            default:
                return List.of(tokens == TokenType.WORD ? "the" : "t");
        }
    }

    /** The corpus cut into the parts the fractions ask for. */
    CorpusSplit split(Corpus corpus) {
        return CorpusSplit.of(corpus.indices(), validFraction, testFraction);
    }

    /** The minibatches of the training part, drawn from {@code seed}. */
    SeqDataLoader loader(CorpusSplit split, long seed) {
        return new SeqDataLoader(split.train(), batchSize, numSteps, sampling, seed);
    }

    /** The most minibatches in one epoch over the training part. */
    int batchesPerEpoch(CorpusSplit split) {
        return loader(split, 0).batchesPerEpoch();
    }

    /** How a held-out part ({@code which}: valid or test) is evaluated. */
    HeldOutPerplexity heldOut(int[] part, String which) {
        try {
            return new HeldOutPerplexity(part, evalBatchSize, numSteps);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("The " + which + " part: " + e.getMessage()
                    + "; raise --" + which + "-fraction or --max-tokens, or lower --eval-batch-size", e);
        }
    }
}
