package dev.d2l.rnn.examples;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import dev.d2l.rnn.data.Corpora;
import dev.d2l.rnn.data.Corpus;
import dev.d2l.rnn.data.DatasetStore;
import dev.d2l.rnn.data.Sampling;
import dev.d2l.rnn.data.SeqDataLoader;
import dev.d2l.rnn.data.TokenType;
import dev.d2l.rnn.engine.EngineUnavailableException;
import dev.d2l.rnn.engine.Engines;
import dev.d2l.rnn.model.RNNModel;
import dev.d2l.rnn.model.RecurrentCell;
import dev.d2l.rnn.model.RecurrentLayer;
import dev.d2l.rnn.train.GradientSource;
import dev.d2l.rnn.train.LanguageModelTrainer;
import dev.d2l.rnn.train.TrainListener;
import dev.d2l.rnn.train.TrainingSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Word-level training throughput (The Time Machine's words, a 4,580-word vocabulary, sequential
 * partitioning, seed 42, each engine's default gradient source): d2l's concise RNN (H 256, batch
 * 32, 35 steps, lr 1, clipping at 1, the corpus's first 10,000 words) with one-hot inputs and
 * with a 256-wide embedding, and word_language_model's model (LSTM 2 x 200, embedding 200,
 * dropout 0.2, batch 20, 35 steps, lr 20, clipping at 0.25) on the first 80% of all the words.
 * Beside each speed, what the model's matrix products alone allow on the engine ({@link ProductBound}),
 * timed after each measured epoch; both are medians.
 * Run through {@code Benchmark words [epochs [warm-up epochs]] [engine...]} (default 3 and 2).
 */
final class WordBenchmark {

    private static final int STEPS = 35;

    private WordBenchmark() {}

    static void main(List<String> args) {
        int numbers = 0;
        while (numbers < Math.min(2, args.size()) && args.get(numbers).chars().allMatch(Character::isDigit)) {
            numbers++;
        }
        int epochs = numbers > 0 ? Integer.parseInt(args.get(0)) : 3;
        int warmup = numbers > 1 ? Integer.parseInt(args.get(1)) : 2;
        List<String> engines = args.size() > numbers ? args.subList(numbers, args.size()) : Engines.available();
        Corpus first = Corpora.loadCorpusTimeMachine(DatasetStore.standard(), TokenType.WORD, 10_000);
        Corpus all = Corpora.loadCorpusTimeMachine(DatasetStore.standard(), TokenType.WORD, 0);
        int[] train = Arrays.copyOf(all.indices(), (int) (0.8 * all.size()));
        System.out.println("| engine | word-level model | gradients | tokens/s (median of " + epochs + ") | its products alone"
                + " allow | of that | perplexity after " + (warmup + epochs) + " epochs |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (String name : engines) {
            Engine engine;
            try {
                engine = Engines.get(name);
            } catch (EngineUnavailableException e) {
                System.out.println("| " + name + " | | | " + e.getMessage() + " | | | |");
                continue;
            }
            String label = engine.getEngineName() + " " + engine.getVersion();
            row(label, "concise RNN H 256, one-hot", engine, new Config(RecurrentCell.RNN_TANH, 256, 1, 0, 0, 32, 1f, 1f),
                    first.vocab().size(), first.indices(), epochs, warmup);
            row(label, "concise RNN H 256, embedding 256", engine, new Config(RecurrentCell.RNN_TANH, 256, 1, 256, 0, 32, 1f, 1f),
                    first.vocab().size(), first.indices(), epochs, warmup);
            row(label, "LSTM 2 x 200, embedding 200, dropout 0.2 (word_language_model)", engine,
                    new Config(RecurrentCell.LSTM, 200, 2, 200, 0.2, 20, 20f, 0.25f), all.vocab().size(), train, epochs, warmup);
        }
    }

    private record Config(RecurrentCell cell, int hidden, int layers, int embedding, double dropout, int batch, float lr,
            float clip) {}

    private static void row(String engineLabel, String model, Engine engine, Config c, long vocab, int[] tokens, int epochs,
            int warmup) {
        ProductBound products = new ProductBound(c.cell(), c.hidden(), c.layers(),
                c.embedding() > 0 ? c.embedding() : vocab, c.embedding() > 0, vocab, c.batch(), STEPS);
        try (NDManager manager = engine.newBaseManager(); ProductBound.Clock clock = products.clock(engine)) {
            RecurrentLayer layer = RecurrentLayer.builder().setCell(c.cell()).setHiddenSize(c.hidden()).optLayers(c.layers())
                    .optSeed(42).build();
            RNNModel net = RNNModel.builder(layer, vocab).optSeed(42).optEmbedding(c.embedding()).optDropout(c.dropout())
                    .create(manager);
            TrainingSpec training = TrainingSpec.builder().learningRate(c.lr()).clip(c.clip()).build();
            GradientSource source = training.gradientSource(engine, net);
            List<Double> speeds = new ArrayList<>();
            List<Double> bounds = new ArrayList<>();
            LanguageModelTrainer.Result result = training.newTrainer(net, engine, training.newUpdater(manager))
                    .listener(new TrainListener() {
                        @Override
                        public void onEpoch(EpochReport report) {
                            if (report.epoch() > warmup) {
                                speeds.add(report.tokensPerSecond());
                                bounds.add(clock.tokensPerSecond());
                            }
                        }
                    })
                    .build()
                    .fit(new SeqDataLoader(tokens, c.batch(), STEPS, Sampling.SEQUENTIAL, 42), warmup + epochs, manager);
            double speed = median(speeds);
            double bound = median(bounds);
            System.out.printf(Locale.ROOT, "| %s | %s | %s | %,.0f | %,.0f | %.2f | %.2f |%n", engineLabel, model, source.name(),
                    speed, bound, speed / bound, result.perplexity());
        }
    }

    private static double median(List<Double> values) {
        return Benchmark.median(values.stream().mapToDouble(Double::doubleValue).toArray());
    }
}
