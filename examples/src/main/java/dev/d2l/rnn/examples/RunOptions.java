package dev.d2l.rnn.examples;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import dev.d2l.rnn.data.Corpora;
import dev.d2l.rnn.data.Corpus;
import dev.d2l.rnn.data.CorpusSplit;
import dev.d2l.rnn.data.DatasetStore;
import dev.d2l.rnn.data.Sampling;
import dev.d2l.rnn.data.SeqDataLoader;
import dev.d2l.rnn.data.TokenType;
import dev.d2l.rnn.model.LanguageModel;
import dev.d2l.rnn.model.ModelSpec;
import dev.d2l.rnn.model.RNNModelScratch;
import dev.d2l.rnn.train.GradientChoice;
import dev.d2l.rnn.train.GradientSource;
import dev.d2l.rnn.train.HeldOutPerplexity;
import dev.d2l.rnn.train.LearningRateSchedule;
import dev.d2l.rnn.train.LanguageModelTrainer;
import dev.d2l.rnn.train.Updater;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/**
 * The options of a training run that every training command shares. Defaults reproduce d2l 8.5.
 * They travel with a checkpoint as settings named after the options, so a resumed run or a
 * generation rebuilds the same model on the same data.
 */
final class RunOptions {

    private static final List<String> MODELS = List.of("scratch", "rnn", "gru", "lstm");
    private static final List<String> OPTIMIZERS = List.of("sgd", "adam");
    private static final List<String> DATASETS = List.of("timemachine", "jaychou");

    /**
     * Every option a checkpoint keeps; the model's are {@link ModelSpec}'s settings, under the same
     * keys. Fixed ones define the model or its data and cannot change when a run resumes; the others may.
     */
    private static final List<Setting> SETTINGS = List.of(
            new Setting("model", true, o -> o.model.toLowerCase(Locale.ROOT), (o, v) -> o.model = v),
            new Setting("activation", true, o -> o.activation.toLowerCase(Locale.ROOT), (o, v) -> o.activation = v),
            new Setting("hidden", true, o -> String.valueOf(o.hidden), (o, v) -> o.hidden = Integer.parseInt(v)),
            new Setting("layers", true, o -> String.valueOf(o.layers), (o, v) -> o.layers = Integer.parseInt(v)),
            new Setting("directions", true, o -> String.valueOf(o.directions), (o, v) -> o.directions = Integer.parseInt(v), "1"),
            new Setting("tokens", true, o -> o.tokens.toString().toLowerCase(Locale.ROOT), (o, v) -> o.tokens = TokenType.parse(v)),
            new Setting("dataset", true, RunOptions::datasetSetting, (o, v) -> o.dataset = v),
            new Setting("max-tokens", true, o -> String.valueOf(o.maxTokens), (o, v) -> o.maxTokens = Integer.parseInt(v)),
            new Setting("batch-size", true, o -> String.valueOf(o.batchSize), (o, v) -> o.batchSize = Integer.parseInt(v)),
            new Setting("num-steps", true, o -> String.valueOf(o.numSteps), (o, v) -> o.numSteps = Integer.parseInt(v)),
            new Setting("sampling", true, o -> o.sampling.toString(), (o, v) -> o.sampling = Sampling.parse(v)),
            new Setting("seed", true, o -> String.valueOf(o.seed), (o, v) -> o.seed = Long.parseLong(v)),
            new Setting("lr", false, o -> String.valueOf(o.lr), (o, v) -> o.lr = Float.parseFloat(v)),
            new Setting("optimizer", false, o -> o.optimizer.toLowerCase(Locale.ROOT), (o, v) -> o.optimizer = v),
            new Setting("clip", false, o -> String.valueOf(o.clip), (o, v) -> o.clip = Float.parseFloat(v)),
            new Setting("gradients", false, o -> GradientChoice.parse(o.gradients).toString(), (o, v) -> o.gradients = v),
            new Setting("epochs", false, o -> String.valueOf(o.epochs), (o, v) -> o.epochs = Integer.parseInt(v)),
            new Setting("embedding", true, o -> String.valueOf(o.embedding), (o, v) -> o.embedding = Integer.parseInt(v), "0"),
            new Setting("dropout", true, o -> String.valueOf(o.dropout), (o, v) -> o.dropout = Double.parseDouble(v), "0"),
            new Setting("tie", true, o -> String.valueOf(o.tie), (o, v) -> o.tie = Boolean.parseBoolean(v), "false"),
            new Setting("valid-fraction", true, o -> String.valueOf(o.validFraction), (o, v) -> o.validFraction = Double.parseDouble(v), "0"),
            new Setting("test-fraction", true, o -> String.valueOf(o.testFraction), (o, v) -> o.testFraction = Double.parseDouble(v), "0"),
            new Setting("eval-batch-size", true, o -> String.valueOf(o.evalBatchSize), (o, v) -> o.evalBatchSize = Integer.parseInt(v), "10"),
            new Setting("patience", false, o -> String.valueOf(o.patience), (o, v) -> o.patience = Integer.parseInt(v), "0"),
            new Setting("anneal", false, o -> String.valueOf(o.anneal), (o, v) -> o.anneal = Double.parseDouble(v), "1"),
            new Setting("lr-decay", false, o -> String.valueOf(o.lrDecay), (o, v) -> o.lrDecay = Double.parseDouble(v), "1"),
            new Setting("lr-decay-after", false, o -> String.valueOf(o.lrDecayAfter), (o, v) -> o.lrDecayAfter = Integer.parseInt(v), "0"));

    @Option(names = "--model", paramLabel = "NAME", defaultValue = "scratch", description = "scratch, rnn, gru or lstm (default: ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--dataset", paramLabel = "NAME|PATH", defaultValue = "timemachine",
            description = "timemachine, jaychou or the path of a UTF-8 text file (default: ${DEFAULT-VALUE})")
    String dataset;

    @Option(names = "--tokens", paramLabel = "TYPE", defaultValue = "char", converter = TokenTypeConverter.class,
            description = "char or word (default: ${DEFAULT-VALUE})")
    TokenType tokens;

    @Option(names = "--hidden", paramLabel = "N", defaultValue = "512", description = "hidden units (default: ${DEFAULT-VALUE})")
    int hidden;

    @Option(names = "--layers", paramLabel = "N", defaultValue = "1", description = "recurrent layers, concise models (default: ${DEFAULT-VALUE})")
    int layers;

    @Option(names = "--embedding", paramLabel = "N", defaultValue = "0",
            description = "a learned embedding of N features per token instead of one-hot inputs, concise models; 0: one-hot (default: ${DEFAULT-VALUE})")
    int embedding;

    @Option(names = "--dropout", paramLabel = "P", defaultValue = "0",
            description = "dropout probability while training, on the embedding, between layers and before the head, concise models (default: ${DEFAULT-VALUE})")
    double dropout;

    @Option(names = "--tie", description = "share the embedding with the output layer's weight (needs --embedding equal to --hidden)")
    boolean tie;

    @Option(names = "--directions", paramLabel = "N", defaultValue = "1",
            description = "1, or 2 for bidirectional layers, concise models (default: ${DEFAULT-VALUE})")
    int directions;

    @Option(names = "--activation", paramLabel = "NAME", defaultValue = "tanh", description = "tanh or relu, scratch model (default: ${DEFAULT-VALUE})")
    String activation;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "500", description = "epochs to train for, in all (default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--lr", paramLabel = "X", defaultValue = "1", description = "learning rate (default: ${DEFAULT-VALUE})")
    float lr;

    @Option(names = "--optimizer", paramLabel = "NAME", defaultValue = "sgd", description = "sgd or adam (default: ${DEFAULT-VALUE})")
    String optimizer;

    @Option(names = "--no-detach", description = "carry the state across minibatches without detaching it (a d2l exercise; "
            + "autograd only, and PyTorch refuses it)")
    boolean noDetach;

    @Option(names = "--clip", paramLabel = "X", defaultValue = "1", description = "gradient clipping threshold theta; 0 turns it off (default: ${DEFAULT-VALUE})")
    float clip;

    @Option(names = "--sampling", paramLabel = "TYPE", defaultValue = "sequential", converter = SamplingConverter.class,
            description = "random or sequential (default: ${DEFAULT-VALUE})")
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

    @Option(names = "--patience", paramLabel = "N", defaultValue = "0",
            description = "stop after N epochs without a better validation perplexity; 0: never (default: ${DEFAULT-VALUE})")
    int patience;

    @Option(names = "--anneal", paramLabel = "K", defaultValue = "1",
            description = "divide the learning rate by K after every epoch without a better validation perplexity; 1: off (default: ${DEFAULT-VALUE})")
    double anneal;

    @Option(names = "--lr-decay", paramLabel = "X", defaultValue = "1",
            description = "multiply the learning rate by X every epoch after --lr-decay-after; 1: off (default: ${DEFAULT-VALUE})")
    double lrDecay;

    @Option(names = "--lr-decay-after", paramLabel = "N", defaultValue = "0",
            description = "the last epoch at the full learning rate when it decays (default: ${DEFAULT-VALUE})")
    int lrDecayAfter;

    @Option(names = "--gradients", paramLabel = "SOURCE", defaultValue = "auto",
            description = "auto, autograd or bptt (the written-out backward pass; explicit: its old name) (default: ${DEFAULT-VALUE})")
    String gradients;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "seeds weights and minibatches (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--device", paramLabel = "DEVICE", defaultValue = "auto", description = "auto, cpu, gpu or gpu:N (default: ${DEFAULT-VALUE})")
    String device;

    @Option(names = "--prefix", paramLabel = "TEXT", description = "prefix to continue; repeatable (default: the dataset's, e.g. 'time traveller')")
    List<String> prefixes;

    @Option(names = "--length", paramLabel = "N", defaultValue = "50", description = "tokens to generate per prefix (default: ${DEFAULT-VALUE})")
    int predictLength;

    @Option(names = "--sample-every", paramLabel = "N", defaultValue = "10", description = "epochs between samples (default: ${DEFAULT-VALUE})")
    int sampleEvery;

    /**
     * Checks every size and name before anything slow happens.
     *
     * @throws IllegalArgumentException naming the first bad option
     */
    void validate() {
        positive("--hidden", hidden);
        positive("--layers", layers);
        positive("--epochs", epochs);
        positive("--batch-size", batchSize);
        positive("--num-steps", numSteps);
        notNegative("--max-tokens", maxTokens);
        checkLength(predictLength);
        notNegative("--sample-every", sampleEvery);
        if (!(lr > 0) || Float.isInfinite(lr)) {
            throw new IllegalArgumentException("--lr must be positive and finite, got " + lr);
        }
        if (!(clip >= 0) || Float.isInfinite(clip)) {
            throw new IllegalArgumentException("--clip must be zero (off) or positive, got " + clip);
        }
        oneOf("model", model, MODELS);
        oneOf("optimizer", optimizer, OPTIMIZERS);
        GradientChoice.parse(gradients);
        oneOf("activation", activation, Arrays.stream(RNNModelScratch.Activation.values())
                .map(a -> a.name().toLowerCase(Locale.ROOT)).collect(Collectors.toList()));
        if (dataset.equalsIgnoreCase("jaychou") && tokens != TokenType.CHAR) {
            throw new IllegalArgumentException("The Jay Chou lyrics come as characters only: use --tokens char");
        }
        if (prefixes != null) {
            checkPrefixes(prefixes, tokens);
        }
        positive("--eval-batch-size", evalBatchSize);
        notNegative("--embedding", embedding);
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("--dropout must be in [0, 1), got " + dropout);
        }
        if (tie && embedding != hidden) {
            throw new IllegalArgumentException("--tie needs --embedding equal to --hidden, got --embedding " + embedding
                    + " and --hidden " + hidden);
        }
        if (model.equalsIgnoreCase("scratch") && (embedding > 0 || dropout > 0 || tie)) {
            throw new IllegalArgumentException("--embedding, --dropout and --tie apply to the concise models: use --model rnn, gru or lstm");
        }
        spec();
        notNegative("--patience", patience);
        notNegative("--lr-decay-after", lrDecayAfter);
        schedule();
        if (validFraction == 0 && (patience > 0 || anneal != 1)) {
            throw new IllegalArgumentException((patience > 0 ? "--patience" : "--anneal")
                    + " needs a validation part: give --valid-fraction, e.g. 0.1");
        }
        if (!(validFraction >= 0 && testFraction >= 0 && validFraction + testFraction < 1)) {
            throw new IllegalArgumentException("--valid-fraction and --test-fraction must be zero or more and leave tokens to train on, got "
                    + validFraction + " and " + testFraction);
        }
    }

    /** The learning-rate schedule the options name, or null for a fixed rate. */
    LearningRateSchedule schedule() {
        if (anneal == 1 && lrDecay == 1) {
            return null;
        }
        return LearningRateSchedule.constant(lr).anneal(anneal).decay(lrDecay, lrDecayAfter);
    }

    /** The corpus cut into the parts the fractions ask for. */
    CorpusSplit split(Corpus corpus) {
        return CorpusSplit.of(corpus.indices(), validFraction, testFraction);
    }

    /** How a held-out part is evaluated. */
    HeldOutPerplexity heldOut(int[] part, String which) {
        try {
            return new HeldOutPerplexity(part, evalBatchSize, numSteps);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("The " + which + " part: " + e.getMessage()
                    + "; raise --" + which + "-fraction or --max-tokens, or lower --eval-batch-size", e);
        }
    }

    /** @throws IllegalArgumentException if a prefix has no tokens to start from */
    static void checkPrefixes(List<String> prefixes, TokenType tokens) {
        if (prefixes.stream().anyMatch(p -> tokens.tokenize(p).isEmpty())) {
            throw new IllegalArgumentException("A --prefix is empty: give at least one "
                    + tokens.toString().toLowerCase(Locale.ROOT) + " token to start from");
        }
    }

    /** The most tokens one continuation may have: its text is built in memory. */
    static final int MAX_LENGTH = 1_000_000;

    /** @throws IllegalArgumentException unless {@code 0 <= length <= MAX_LENGTH} */
    static void checkLength(int length) {
        if (length < 0 || length > MAX_LENGTH) {
            throw new IllegalArgumentException("--length must be 0 to " + MAX_LENGTH + " tokens, got " + length);
        }
    }

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

    private static void oneOf(String what, String value, List<String> allowed) {
        if (!allowed.contains(value.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("Unknown " + what + " '" + value + "': use " + String.join(", ", allowed));
        }
    }

    /** The options a checkpoint keeps, by option name without dashes. */
    Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        for (Setting setting : SETTINGS) {
            settings.put(setting.name, setting.get.apply(this));
        }
        return settings;
    }

    /**
     * Takes the options of a checkpoint's run, except those the user gave on this command line;
     * giving a different value for one that defines the model or its data is an error.
     *
     * @param given this command line's parse result, or null to take every saved option
     * @throws IllegalArgumentException for a conflicting option or an unreadable setting
     */
    void restore(Map<String, String> saved, ParseResult given) {
        List<String> conflicts = new ArrayList<>();
        for (Setting setting : SETTINGS) {
            String value = saved.getOrDefault(setting.name, setting.absent);
            if (value == null) {
                throw new IllegalArgumentException("The checkpoint lacks the setting '" + setting.name + "'");
            }
            boolean explicit = given != null && given.hasMatchedOption("--" + setting.name);
            if (explicit && setting.fixed && !setting.get.apply(this).equals(value)) {
                conflicts.add("--" + setting.name + " " + setting.get.apply(this) + " (the checkpoint has " + value + ")");
            } else if (!explicit) {
                try {
                    setting.set.accept(this, value);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("The checkpoint's setting " + setting.name + "=" + value
                            + " is not valid: " + e.getMessage(), e);
                }
            }
        }
        if (!conflicts.isEmpty()) {
            throw new IllegalArgumentException("These options differ from the checkpoint's run, which they define: "
                    + String.join(", ", conflicts));
        }
    }

    /** A built-in dataset by name, any file by its absolute path, so a checkpoint works from any folder. */
    private String datasetSetting() {
        String lower = dataset.toLowerCase(Locale.ROOT);
        return DATASETS.contains(lower) ? lower : Path.of(dataset).toAbsolutePath().normalize().toString();
    }

    /** The corpus the options name. */
    Corpus corpus() {
        switch (dataset.toLowerCase(Locale.ROOT)) {
            case "timemachine":
                return Corpora.loadCorpusTimeMachine(DatasetStore.standard(), tokens, maxTokens);
            case "jaychou":
                return Corpora.loadJayChouLyrics(DatasetStore.standard(), maxTokens > 0 ? maxTokens : Integer.MAX_VALUE);
            default:
                return Corpora.loadTextFile(Path.of(dataset), tokens, maxTokens);
        }
    }

    /** The prefixes to continue: the user's, or the book's for the dataset. */
    List<String> prefixes() {
        if (prefixes != null && !prefixes.isEmpty()) {
            return prefixes;
        }
        switch (dataset.toLowerCase(Locale.ROOT)) {
            case "timemachine":
                return tokens == TokenType.WORD ? List.of("the time traveller", "traveller") : List.of("time traveller", "traveller");
            case "jaychou":
                return List.of("分开", "不分开");
            default:
                return List.of(tokens == TokenType.WORD ? "the" : "t");
        }
    }

    /** The minibatches of the training part. */
    SeqDataLoader loader(CorpusSplit split) {
        return new SeqDataLoader(split.train(), batchSize, numSteps, sampling, seed);
    }

    /**
     * The model the options describe.
     *
     * @throws IllegalArgumentException for a name, size or combination that describes none
     */
    ModelSpec spec() {
        return ModelSpec.builder()
                .kind(ModelSpec.Kind.parse(model))
                .activation(RNNModelScratch.Activation.valueOf(activation.toUpperCase(Locale.ROOT)))
                .hidden(hidden)
                .layers(layers)
                .directions(directions)
                .tokens(tokens)
                .seed(seed)
                .embedding(embedding)
                .dropout(dropout)
                .tie(tie)
                .build();
    }

    LanguageModel model(NDManager manager, long vocabSize) {
        return spec().newModel(manager, vocabSize);
    }

    LanguageModelTrainer.Builder trainer(LanguageModel net, Engine engine, Updater updater) {
        return LanguageModelTrainer.builder(net, gradientSource(engine, net), updater).clip(clip).detachState(!noDetach);
    }

    /** {@link #trainer}, validating on the split's validation part (if any) with the schedule and patience asked for. */
    LanguageModelTrainer.Builder trainer(LanguageModel net, Engine engine, Updater updater, CorpusSplit split) {
        LanguageModelTrainer.Builder builder = trainer(net, engine, updater).patience(patience);
        if (split.validates()) {
            builder.validation(heldOut(split.valid(), "valid"));
        }
        LearningRateSchedule schedule = schedule();
        if (schedule != null) {
            builder.schedule(schedule);
        }
        return builder;
    }

    /** With {@code auto}, the faster source for the model; training without detaching needs a recorded graph. */
    GradientSource gradientSource(Engine engine, LanguageModel net) {
        GradientChoice choice = GradientChoice.parse(gradients);
        return choice == GradientChoice.AUTO && noDetach ? GradientSource.autograd(engine) : choice.source(engine, net);
    }

    /**
     * The updater the options name; Adam's moments live in {@code manager}. Both updaters can
     * hand their state to a checkpoint, which is why Adam is the portable one on every engine.
     */
    Updater updater(Engine engine, NDManager manager) {
        switch (optimizer.toLowerCase(Locale.ROOT)) {
            case "sgd":
                return Updater.sgd(engine, lr);
            case "adam":
                return Updater.adam(manager, lr);
            default:
                throw new IllegalArgumentException("Unknown optimizer '" + optimizer + "': use sgd or adam");
        }
    }

    /**
     * One option as a checkpoint setting: its name without dashes, how to read and write it as
     * text, and the value of checkpoints written before the option existed (null: none).
     */
    private record Setting(String name, boolean fixed, Function<RunOptions, String> get, BiConsumer<RunOptions, String> set,
            String absent) {

        /** A setting every checkpoint has. */
        Setting(String name, boolean fixed, Function<RunOptions, String> get, BiConsumer<RunOptions, String> set) {
            this(name, fixed, get, set, null);
        }
    }
}
