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
import dev.d2l.rnn.model.RNNModelScratch;
import dev.d2l.rnn.train.GradientSource;
import dev.d2l.rnn.train.LanguageModelTrainer;
import dev.d2l.rnn.train.TrainListener;
import dev.d2l.rnn.train.Updater;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Training throughput of the scratch RNN with d2l's setup (batch 32, 35 steps, 10,000 tokens,
 * lr 1, sequential), per engine and gradient source: one warm-up epoch, then the median
 * tokens/s of the measured epochs, and the perplexity reached. Not a test: figures go in the
 * README.
 *
 * <p>Usage: {@code Benchmark [epochs] [hidden] [engine...]} (default 10 epochs, H 512, every engine).
 */
public final class Benchmark {

    private Benchmark() {}

    /** Runs the benchmark and prints a Markdown table. */
    public static void main(String[] args) {
        int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int hidden = args.length > 1 ? Integer.parseInt(args[1]) : 512;
        List<String> engines = args.length > 2 ? Arrays.asList(args).subList(2, args.length) : Engines.available();
        Corpus corpus = Corpora.loadCorpusTimeMachine(DatasetStore.standard(), TokenType.CHAR, 10_000);
        System.out.println("| engine | gradients | tokens/s (median of " + epochs + ") | perplexity after " + (epochs + 1)
                + " epochs |");
        System.out.println("|---|---|---|---|");
        for (String name : engines) {
            Engine engine;
            try {
                engine = Engines.get(name);
            } catch (EngineUnavailableException e) {
                System.out.println("| " + name + " | - | " + e.getMessage() + " | |");
                continue;
            }
            List<GradientSource> sources = new ArrayList<>();
            if (Capabilities.of(engine).has(Capability.AUTOGRAD)) {
                sources.add(GradientSource.autograd(engine));
            }
            sources.add(GradientSource.explicit());
            for (GradientSource source : sources) {
                double[] figures = measure(engine, source, corpus, hidden, epochs);
                System.out.printf(Locale.ROOT, "| %s %s | %s | %.0f | %.3f |%n", engine.getEngineName(), engine.getVersion(),
                        source.name(), figures[0], figures[1]);
            }
        }
    }

    /** Median tokens/s over the measured epochs and the final perplexity. */
    private static double[] measure(Engine engine, GradientSource source, Corpus corpus, int hidden, int epochs) {
        try (NDManager manager = engine.newBaseManager()) {
            RNNModelScratch model = new RNNModelScratch(manager, corpus.vocab().size(), hidden,
                    RNNModelScratch.Activation.TANH, 42);
            SeqDataLoader data = new SeqDataLoader(corpus.indices(), 32, 35, Sampling.SEQUENTIAL, 42);
            List<Double> speeds = new ArrayList<>();
            LanguageModelTrainer trainer = LanguageModelTrainer.builder(model, source, Updater.sgd(engine, 1f))
                    .listener(new TrainListener() {
                        @Override
                        public void onEpoch(EpochReport report) {
                            if (report.epoch() > 1) {
                                speeds.add(report.tokensPerSecond());
                            }
                        }
                    })
                    .build();
            LanguageModelTrainer.Result result = trainer.fit(data, epochs + 1, manager);
            double[] sorted = speeds.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            return new double[] {sorted[sorted.length / 2], result.perplexity()};
        }
    }
}
