package dev.d2l.rnn.examples;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import dev.d2l.rnn.data.Corpora;
import dev.d2l.rnn.data.Corpus;
import dev.d2l.rnn.data.DatasetStore;
import dev.d2l.rnn.data.Sampling;
import dev.d2l.rnn.data.SeqDataLoader;
import dev.d2l.rnn.data.TokenType;
import dev.d2l.rnn.engine.Capabilities;
import dev.d2l.rnn.engine.Capability;
import dev.d2l.rnn.engine.EngineUnavailableException;
import dev.d2l.rnn.engine.Engines;
import dev.d2l.rnn.model.LanguageModel;
import dev.d2l.rnn.model.ModelSpec;
import dev.d2l.rnn.train.GradientChoice;
import dev.d2l.rnn.train.LanguageModelTrainer;
import dev.d2l.rnn.train.TrainListener;
import dev.d2l.rnn.train.TrainingSpec;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Training throughput with d2l's setup (The Time Machine's first 10,000 characters, batch 32,
 * 35 steps, lr 1, clipping at 1, sequential partitioning), for d2l 8.5's scratch RNN (H 512)
 * and 8.6's concise RNN (H 256), on every engine and gradient source, against the
 * straightforward DJL loop ({@link BaselineLoop}) measured in the same run. Each row trains the
 * warm-up epochs, then the measured epochs, and reports their median tokens/s and the
 * perplexity reached. The warm-up is long because the JIT takes a while over the engines' Java
 * layers: TensorFlow's concise RNN ran 45,000 tokens/s in its first epoch and reached its steady
 * 140,000 only after about 12. Not a test: its figures go in examples/README.md.
 *
 * <p>Usage: {@code Benchmark [epochs [warm-up epochs]] [engine...]} (default 10 and 10, every engine);
 * {@code Benchmark words ...} measures the word-level models instead ({@link WordBenchmark}).
 */
public final class Benchmark {

    private static final int SCRATCH_HIDDEN = 512;
    private static final int CONCISE_HIDDEN = 256;

    private Benchmark() {}

    /** Runs the benchmark and prints a Markdown table. */
    public static void main(String[] args) {
        D2l.prepareJvm(false);
        if (args.length > 0 && args[0].equals("words")) {
            WordBenchmark.main(Arrays.asList(args).subList(1, args.length));
            return;
        }
        int numbers = 0;
        while (numbers < Math.min(2, args.length) && args[numbers].chars().allMatch(Character::isDigit)) {
            numbers++;
        }
        int epochs = numbers > 0 ? Integer.parseInt(args[0]) : 10;
        int warmup = numbers > 1 ? Integer.parseInt(args[1]) : 10;
        if (epochs < 1) {
            throw new IllegalArgumentException("Measure at least one epoch, got " + epochs);
        }
        List<String> engines = args.length > numbers ? Arrays.asList(args).subList(numbers, args.length) : Engines.available();
        Corpus corpus = Corpora.loadCorpusTimeMachine(DatasetStore.standard(), TokenType.CHAR, 10_000);
        System.out.println(machine());
        System.out.println("| engine | model | gradients | tokens/s (median of " + epochs + ") | x baseline | perplexity after "
                + (warmup + epochs) + " epochs |");
        System.out.println("|---|---|---|---|---|---|");
        for (String name : engines) {
            Engine engine;
            try {
                engine = Engines.get(name);
            } catch (EngineUnavailableException e) {
                System.out.println("| " + name + " | | | " + e.getMessage() + " | | |");
                continue;
            }
            for (boolean concise : new boolean[] {false, true}) {
                benchmark(engine, concise, corpus, epochs, warmup);
            }
        }
        System.out.println(machine());
    }

    private static void benchmark(Engine engine, boolean concise, Corpus corpus, int epochs, int warmup) {
        String label = concise ? "concise RNN H " + CONCISE_HIDDEN : "scratch H " + SCRATCH_HIDDEN;
        String engineLabel = engine.getEngineName() + " " + engine.getVersion();
        double baseline = Double.NaN;
        List<GradientChoice> choices = new ArrayList<>();
        if (Capabilities.of(engine).has(Capability.AUTOGRAD)) {
            double[] figures = baseline(engine, concise, corpus, epochs, warmup);
            baseline = figures[0];
            row(engineLabel, label, "baseline loop", figures, baseline);
            choices.add(GradientChoice.AUTOGRAD);
        }
        choices.add(GradientChoice.BPTT);
        String preferred;
        try (NDManager manager = engine.newBaseManager()) {
            preferred = GradientChoice.AUTO.resolve(engine, model(manager, concise, corpus)).name();
        }
        for (GradientChoice choice : choices) {
            row(engineLabel, label, choice + (choice.toString().equals(preferred) ? " (default)" : ""),
                    measure(engine, choice, concise, corpus, epochs, warmup), baseline);
        }
    }

    private static void row(String engine, String model, String gradients, double[] figures, double baseline) {
        String ratio = Double.isNaN(baseline) ? "-" : String.format(Locale.ROOT, "%.2f", figures[0] / baseline);
        System.out.printf(Locale.ROOT, "| %s | %s | %s | %,.0f | %s | %.3f |%n", engine, model, gradients, figures[0], ratio,
                figures[1]);
    }

    /** Median tokens/s of the measured epochs and the final perplexity. */
    private static double[] measure(Engine engine, GradientChoice gradients, boolean concise, Corpus corpus, int epochs,
            int warmup) {
        try (NDManager manager = engine.newBaseManager()) {
            LanguageModel model = model(manager, concise, corpus);
            List<Double> speeds = new ArrayList<>();
            TrainingSpec training = TrainingSpec.builder().gradients(gradients).build();
            LanguageModelTrainer trainer = training.newTrainer(model, engine, training.newUpdater(manager))
                    .listener(new TrainListener() {
                        @Override
                        public void onEpoch(EpochReport report) {
                            if (report.epoch() > warmup) {
                                speeds.add(report.tokensPerSecond());
                            }
                        }
                    })
                    .build();
            LanguageModelTrainer.Result result = trainer.fit(loader(corpus), warmup + epochs, manager);
            return new double[] {median(speeds.stream().mapToDouble(Double::doubleValue).toArray()), result.perplexity()};
        }
    }

    private static LanguageModel model(NDManager manager, boolean concise, Corpus corpus) {
        return spec(concise).newModel(manager, corpus.vocab().size());
    }

    /** d2l's models: 8.5's scratch RNN (H 512), 8.6's concise RNN (H 256), seed 42. */
    static ModelSpec spec(boolean concise) {
        return concise
                ? ModelSpec.builder().kind(ModelSpec.Kind.RNN).hidden(CONCISE_HIDDEN).build()
                : ModelSpec.builder().hidden(SCRATCH_HIDDEN).build();
    }

    private static double[] baseline(Engine engine, boolean concise, Corpus corpus, int epochs, int warmup) {
        Engines.prepareThread(engine);
        try (NDManager manager = engine.newBaseManager()) {
            int hidden = concise ? CONCISE_HIDDEN : SCRATCH_HIDDEN;
            double[] figures = new BaselineLoop(engine, (int) corpus.vocab().size(), hidden, concise)
                    .train(loader(corpus), warmup + epochs, manager);
            return new double[] {median(Arrays.copyOfRange(figures, warmup, warmup + epochs)), figures[warmup + epochs]};
        }
    }

    private static SeqDataLoader loader(Corpus corpus) {
        return new SeqDataLoader(corpus.indices(), 32, 35, Sampling.SEQUENTIAL, 42);
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static String machine() {
        return String.format(Locale.ROOT, "%d cores, load average %.2f, Java %s, OMP_NUM_THREADS=%s, OMP_WAIT_POLICY=%s",
                Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                System.getProperty("java.version"), System.getenv("OMP_NUM_THREADS"), System.getenv("OMP_WAIT_POLICY"));
    }
}
