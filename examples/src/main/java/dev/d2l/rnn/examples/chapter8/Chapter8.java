package dev.d2l.rnn.examples.chapter8;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.d2l.rnn.data.Corpora;
import dev.d2l.rnn.data.Corpus;
import dev.d2l.rnn.data.NGramCounts;
import dev.d2l.rnn.data.Sampling;
import dev.d2l.rnn.data.SeqDataLoader;
import dev.d2l.rnn.data.TokenType;
import dev.d2l.rnn.data.Vocab;
import dev.d2l.rnn.engine.Devices;
import dev.d2l.rnn.engine.Engines;
import dev.d2l.rnn.examples.D2l;
import dev.d2l.rnn.generate.TextGenerator;
import dev.d2l.rnn.model.LanguageModel;
import dev.d2l.rnn.train.LanguageModelTrainer;
import dev.d2l.rnn.plot.PerplexityPlot;
import dev.d2l.rnn.train.TrainListener;
import dev.d2l.rnn.train.TrainingSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What the chapter's sections share, as d2l's {@code #@save} functions are shared: the
 * programs' arguments, {@code predict_ch8}, {@code train_ch8}, and printing values the way
 * Python prints them.
 */
final class Chapter8 {

    private Chapter8() {}

    /**
     * A section program's arguments: {@code [engine] [--epochs N] [--output DIR]}.
     *
     * @param engine the engine's name: the first argument, else {@code DJL_DEFAULT_ENGINE}, else
     *     {@code ai.djl.default_engine}, else PyTorch
     * @param epochs the training cells' epochs (the book's unless {@code --epochs} shortens them)
     * @param output where the figures go
     */
    record Args(String engine, int epochs, Path output) {

        static final Path DEFAULT_OUTPUT = Path.of("build-output", "chapter8");

        /**
         * Parses {@code args}; {@code bookEpochs} is the section's own number of epochs.
         *
         * @throws IllegalArgumentException naming the argument that is wrong
         */
        static Args parse(String[] args, int bookEpochs) {
            String engine = null;
            int epochs = bookEpochs;
            Path output = DEFAULT_OUTPUT;
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                if (arg.equals("--epochs") || arg.equals("--output")) {
                    if (i + 1 == args.length) {
                        throw new IllegalArgumentException(arg + " needs a value");
                    }
                    String value = args[++i];
                    if (arg.equals("--output")) {
                        output = Path.of(value);
                    } else {
                        epochs = positive(arg, value);
                    }
                } else if (engine == null && !arg.startsWith("-")) {
                    engine = arg;
                } else {
                    throw new IllegalArgumentException("Unknown argument '" + arg
                            + "'; the arguments are [engine] [--epochs N] [--output DIR]");
                }
            }
            return new Args(engine != null ? engine : D2l.defaultEngine(), epochs, output);
        }

        private static int positive(String name, String value) {
            try {
                int n = Integer.parseInt(value);
                if (n > 0) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException(name + " must be a positive whole number, got '" + value + "'");
        }

        /** The engine named by {@link #engine}. */
        Engine loadEngine() {
            return Engines.get(engine);
        }

        /** The figure {@code name} (no extension) in the output folder, which is created if missing. */
        Path figure(String name) throws IOException {
            Files.createDirectories(output);
            return output.resolve(name);
        }
    }

    /** What each program's {@code main} does: parse, run, and turn bad input into one line and exit code 2. */
    static void main(String[] args, int bookEpochs, Section section) {
        D2l.prepareJvm(false);
        Args parsed;
        try {
            parsed = Args.parse(args, bookEpochs);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        try {
            section.run(parsed, System.out);
        } catch (Exception e) {
            System.err.println(e.getMessage());
            System.exit(2);
        }
    }

    /** One section's program. */
    interface Section {
        void run(Args args, PrintStream out) throws Exception;
    }

    /**
     * d2l's {@code load_data_time_machine(batch_size, num_steps, use_random_iter)}: the first
     * 10,000 characters of The Time Machine in minibatches (seed 42), and their vocabulary.
     */
    static TimeMachine loadDataTimeMachine(int batchSize, int numSteps, Sampling sampling) {
        Corpus corpus = Corpora.loadCorpusTimeMachine(10_000);
        return new TimeMachine(new SeqDataLoader(corpus.indices(), batchSize, numSteps, sampling, 42), corpus.vocab());
    }

    /** What {@link #loadDataTimeMachine} returns: d2l's {@code train_iter, vocab}. */
    record TimeMachine(SeqDataLoader trainIter, Vocab vocab) {}

    /** The engine, its version and the device, the first line every section prints. */
    static void printEngine(NDManager manager, PrintStream out) {
        out.println(manager.getEngine().getEngineName() + " " + manager.getEngine().getVersion() + " on " + manager.getDevice());
    }

    /** A manager on the engine's first GPU if it sees one, else on the CPU (d2l's {@code try_gpu()}). */
    static NDManager tryGpu(Engine engine) {
        return engine.newBaseManager(Devices.choose(engine, "auto"));
    }

    /** d2l's {@code predict_ch8(prefix, num_preds, net, vocab, device)}: greedy continuation of a prefix. */
    static String predictCh8(String prefix, int numPreds, LanguageModel net, Vocab vocab, NDManager manager) {
        return new TextGenerator(net, vocab, TokenType.CHAR).predict(prefix, numPreds, manager);
    }

    /**
     * d2l's {@code train_ch8(net, train_iter, vocab, lr, num_epochs, device)}: SGD at rate
     * {@code lr}, gradients clipped at norm 1, every 10 epochs the perplexity and the model's
     * continuation of 'time traveller' printed and the perplexity plotted (written to
     * {@code figure}.png and .svg, d2l's animator), then d2l's summary line and two continuations.
     * With random sampling ({@code trainIter}'s), every minibatch starts from a fresh state.
     */
    static void trainCh8(LanguageModel net, SeqDataLoader trainIter, Vocab vocab, float lr, int numEpochs,
            NDManager manager, Path figure, PrintStream out) {
        Engine engine = manager.getEngine();
        TrainingSpec training = TrainingSpec.builder().learningRate(lr).build();
        LanguageModelTrainer trainer = training.newTrainer(net, engine, training.newUpdater(manager))
                .sample(10, epoch -> predictCh8("time traveller", 50, net, vocab, manager))
                .listener(new TrainListener() {
                    @Override
                    public void onEpoch(EpochReport report) {
                        if (report.sample() != null) {
                            out.printf(Locale.ROOT, "epoch %d, perplexity %.3f: %s%n", report.epoch(),
                                    report.perplexity(), report.sample());
                        }
                    }
                })
                .listener(new PerplexityPlot(figure))
                .build();
        LanguageModelTrainer.Result result = trainer.fit(trainIter, numEpochs, manager);
        out.printf(Locale.ROOT, "perplexity %.1f, %.1f tokens/sec on %s%n", result.perplexity(),
                result.tokensPerSecond(), manager.getDevice());
        out.println(predictCh8("time traveller", 50, net, vocab, manager));
        out.println(predictCh8("traveller", 50, net, vocab, manager));
        out.println("figure: " + figure + ".png, .svg");
    }

    /** An array as DJL prints it, every column of rows up to 30 wide shown. */
    static String show(NDArray array) {
        return array.toDebugString(1000, 10, 10, 30, true).stripTrailing();
    }

    /** A value as Python prints it: {@code 'text'}, {@code [a, b]}, {@code (a, b)} for n-grams and counted tokens. */
    static String repr(Object value) {
        if (value instanceof String text) {
            return "'" + text + "'";
        }
        if (value instanceof int[] numbers) {
            return repr(java.util.Arrays.stream(numbers).boxed().toList());
        }
        if (value instanceof List<?> list) {
            return list.stream().map(Chapter8::repr).collect(Collectors.joining(", ", "[", "]"));
        }
        if (value instanceof Vocab.TokenFreq freq) {
            return "(" + repr(freq.token()) + ", " + freq.count() + ")";
        }
        if (value instanceof NGramCounts.Entry entry) {
            String gram = entry.gram().stream().map(Chapter8::repr).collect(Collectors.joining(", ", "(", ")"));
            return "(" + gram + ", " + entry.count() + ")";
        }
        return String.valueOf(value);
    }
}
