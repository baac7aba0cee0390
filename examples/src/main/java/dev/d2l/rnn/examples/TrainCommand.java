package dev.d2l.rnn.examples;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import dev.d2l.rnn.data.Corpus;
import dev.d2l.rnn.data.SeqDataLoader;
import dev.d2l.rnn.engine.Devices;
import dev.d2l.rnn.engine.Engines;
import dev.d2l.rnn.generate.TextGenerator;
import dev.d2l.rnn.model.LanguageModel;
import dev.d2l.rnn.train.LanguageModelTrainer;
import dev.d2l.rnn.train.TrainListener;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** d2l's train_ch8 on one engine, printing progress and samples as the book does. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train a character- or word-level language model (defaults: d2l 8.5's scratch RNN).")
final class TrainCommand implements Callable<Integer> {

    @Mixin
    RunOptions run;

    @Option(names = "--engine", defaultValue = "PyTorch", description = "PyTorch, MXNet or TensorFlow (any case; default: ${DEFAULT-VALUE})")
    String engineName;

    @Option(names = "--quiet", description = "Print only the final summary and continuations.")
    boolean quiet;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Engine engine = Engines.get(engineName);
        Device device = Devices.choose(engine, run.device);
        Corpus corpus = run.corpus();
        SeqDataLoader data = run.loader(corpus);
        try (NDManager manager = engine.newBaseManager(device)) {
            LanguageModel model = run.model(manager, corpus.vocab().size());
            TextGenerator generator = new TextGenerator(model, corpus.vocab(), run.tokens);
            List<String> prefixes = run.prefixes();
            LanguageModelTrainer.Builder builder = run.trainer(model, engine, manager)
                    .sample(quiet ? 0 : run.sampleEvery, epoch -> generator.predict(prefixes.get(0), run.predictLength, manager));
            if (!quiet) {
                builder.listener(new TrainListener() {
                    @Override
                    public void onEpoch(EpochReport r) {
                        if (r.sample() != null || r.epoch() == r.epochs()) {
                            out.printf(Locale.ROOT, "epoch %d, perplexity %.3f, %.1f tokens/sec%s%n", r.epoch(), r.perplexity(),
                                    r.tokensPerSecond(), r.sample() == null ? "" : ": " + r.sample());
                            out.flush();
                        }
                    }
                });
            }
            LanguageModelTrainer.Result result = builder.build().fit(data, run.epochs, manager);
            out.printf(Locale.ROOT, "perplexity %.3f, %.1f tokens/sec on %s%n", result.perplexity(), result.tokensPerSecond(), device);
            for (String prefix : prefixes) {
                out.println(generator.predict(prefix, run.predictLength, manager));
            }
            out.flush();
        }
        return 0;
    }
}
