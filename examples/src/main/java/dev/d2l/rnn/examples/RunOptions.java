package dev.d2l.rnn.examples;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import dev.d2l.rnn.data.Corpora;
import dev.d2l.rnn.data.Corpus;
import dev.d2l.rnn.data.DatasetStore;
import dev.d2l.rnn.data.Sampling;
import dev.d2l.rnn.data.SeqDataLoader;
import dev.d2l.rnn.data.TokenType;
import dev.d2l.rnn.model.LanguageModel;
import dev.d2l.rnn.model.RNNModel;
import dev.d2l.rnn.model.RNNModelScratch;
import dev.d2l.rnn.model.RecurrentCell;
import dev.d2l.rnn.model.RecurrentLayer;
import dev.d2l.rnn.train.Adam;
import dev.d2l.rnn.train.GradientSource;
import dev.d2l.rnn.train.LanguageModelTrainer;
import dev.d2l.rnn.train.Sgd;
import dev.d2l.rnn.train.Updater;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/** The options of a training run that every training command shares. Defaults reproduce d2l 8.5. */
final class RunOptions {

    @Option(names = "--model", defaultValue = "scratch", description = "scratch, rnn, gru or lstm (default: ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--dataset", defaultValue = "timemachine",
            description = "timemachine, jaychou or the path of a UTF-8 text file (default: ${DEFAULT-VALUE})")
    String dataset;

    @Option(names = "--tokens", defaultValue = "char", converter = TokenTypeConverter.class,
            description = "char or word (default: ${DEFAULT-VALUE})")
    TokenType tokens;

    @Option(names = "--hidden", defaultValue = "512", description = "hidden units (default: ${DEFAULT-VALUE})")
    int hidden;

    @Option(names = "--layers", defaultValue = "1", description = "recurrent layers, concise models (default: ${DEFAULT-VALUE})")
    int layers;

    @Option(names = "--activation", defaultValue = "tanh", description = "tanh or relu, scratch model (default: ${DEFAULT-VALUE})")
    String activation;

    @Option(names = "--epochs", defaultValue = "500", description = "(default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--lr", defaultValue = "1", description = "learning rate (default: ${DEFAULT-VALUE})")
    float lr;

    @Option(names = "--optimizer", defaultValue = "sgd", description = "sgd or adam (default: ${DEFAULT-VALUE})")
    String optimizer;

    @Option(names = "--clip", defaultValue = "1", description = "gradient clipping threshold theta; 0 turns it off (default: ${DEFAULT-VALUE})")
    float clip;

    @Option(names = "--sampling", defaultValue = "sequential", converter = SamplingConverter.class,
            description = "random or sequential (default: ${DEFAULT-VALUE})")
    Sampling sampling;

    @Option(names = "--batch-size", defaultValue = "32", description = "(default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--num-steps", defaultValue = "35", description = "(default: ${DEFAULT-VALUE})")
    int numSteps;

    @Option(names = "--max-tokens", defaultValue = "10000", description = "tokens of the corpus to train on; 0 for all (default: ${DEFAULT-VALUE})")
    int maxTokens;

    @Option(names = "--gradients", defaultValue = "auto",
            description = "auto, autograd or explicit (written-out BPTT) (default: ${DEFAULT-VALUE})")
    String gradients;

    @Option(names = "--seed", defaultValue = "42", description = "seeds weights and minibatches (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--device", defaultValue = "auto", description = "auto, cpu, gpu or gpu:N (default: ${DEFAULT-VALUE})")
    String device;

    @Option(names = "--prefix", description = "prefix to continue; repeatable (default: the dataset's, e.g. 'time traveller')")
    List<String> prefixes;

    @Option(names = "--length", defaultValue = "50", description = "tokens to generate per prefix (default: ${DEFAULT-VALUE})")
    int predictLength;

    @Option(names = "--sample-every", defaultValue = "10", description = "epochs between samples (default: ${DEFAULT-VALUE})")
    int sampleEvery;

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

    SeqDataLoader loader(Corpus corpus) {
        return new SeqDataLoader(corpus.indices(), batchSize, numSteps, sampling, seed);
    }

    LanguageModel model(NDManager manager, int vocabSize) {
        if (hidden <= 0 || layers <= 0) {
            throw new IllegalArgumentException("--hidden and --layers must be positive, got " + hidden + " and " + layers);
        }
        boolean relu = activation.equalsIgnoreCase("relu");
        if (!relu && !activation.equalsIgnoreCase("tanh")) {
            throw new IllegalArgumentException("Unknown activation '" + activation + "': use tanh or relu");
        }
        RecurrentCell cell;
        switch (model.toLowerCase(Locale.ROOT)) {
            case "scratch":
                return new RNNModelScratch(manager, vocabSize, hidden,
                        relu ? RNNModelScratch.Activation.RELU : RNNModelScratch.Activation.TANH, seed);
            case "rnn":
                cell = relu ? RecurrentCell.RNN_RELU : RecurrentCell.RNN_TANH;
                break;
            case "gru":
                cell = RecurrentCell.GRU;
                break;
            case "lstm":
                cell = RecurrentCell.LSTM;
                break;
            default:
                throw new IllegalArgumentException("Unknown model '" + model + "': use scratch, rnn, gru or lstm");
        }
        RecurrentLayer layer = RecurrentLayer.builder()
                .setCell(cell)
                .setHiddenSize(hidden)
                .optLayers(layers)
                .optSeed(seed)
                .build();
        return RNNModel.create(manager, layer, vocabSize, seed);
    }

    /** The trainer; optimizer state (Adam's moments) lives in {@code manager}. */
    LanguageModelTrainer.Builder trainer(LanguageModel net, Engine engine, NDManager manager) {
        return LanguageModelTrainer.builder(net, gradientSource(engine), updater(manager)).clip(clip);
    }

    private GradientSource gradientSource(Engine engine) {
        switch (gradients.toLowerCase(Locale.ROOT)) {
            case "auto":
                return GradientSource.preferred(engine);
            case "autograd":
                return GradientSource.autograd(engine);
            case "explicit":
                return GradientSource.explicit();
            default:
                throw new IllegalArgumentException("Unknown gradient source '" + gradients + "': use auto, autograd or explicit");
        }
    }

    private Updater updater(NDManager manager) {
        switch (optimizer.toLowerCase(Locale.ROOT)) {
            case "sgd":
                return new Sgd(lr);
            case "adam":
                return new Adam(manager, lr);
            default:
                throw new IllegalArgumentException("Unknown optimizer '" + optimizer + "': use sgd or adam");
        }
    }
}
