package dev.d2l.rnn.examples;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import dev.d2l.rnn.data.Corpus;
import dev.d2l.rnn.data.CorpusSplit;
import dev.d2l.rnn.engine.Devices;
import dev.d2l.rnn.engine.Engines;
import dev.d2l.rnn.model.LanguageModel;
import dev.d2l.rnn.train.LanguageModelTrainer;
import dev.d2l.rnn.train.TrainListener;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * One configuration trained on every engine from the same initial weights (drawn in Java from
 * the seed) on the same minibatches (drawn in Java from the seed), side by side.
 */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train one configuration on every available engine from the same weights and minibatches;",
                "print and write a table (compare.md, compare.csv) and every engine's perplexity curve (perplexity.png, .svg)."})
final class CompareCommand implements Callable<Integer> {

    @Mixin
    RunOptions run;

    @Option(names = "--engines", paramLabel = "NAME", split = ",",
            description = "the engines to compare, comma-separated (default: every engine on the class path)")
    List<String> engines;

    @Option(names = "--output", paramLabel = "DIR", defaultValue = "build-output/compare",
            description = "where the table and the plot go (default: ${DEFAULT-VALUE})")
    Path output;

    @Option(names = "--quiet", description = "print only the table")
    boolean quiet;

    @Spec
    CommandSpec spec;

    private long vocabSize;

    /** @return 0 when every engine trained, 1 when some could not (their rows say why) */
    @Override
    public Integer call() {
        run.validate();
        List<String> available = Engines.available();
        if (engines != null) {
            for (String name : engines) {
                if (available.stream().noneMatch(name::equalsIgnoreCase)) {
                    throw new IllegalArgumentException("Unknown engine '" + name + "' in --engines; available: "
                            + String.join(", ", available));
                }
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Corpus corpus = run.data.corpus();
        CorpusSplit split = run.data.split(corpus);
        vocabSize = corpus.vocab().size();
        Comparison comparison = new Comparison(split.validates());
        for (String name : engines == null ? available : engines) {
            Comparison.Row row = train(name, split, out, err);
            if (!row.ok()) {
                err.println("d2l: " + row.engine() + ": " + row.error());
                err.flush();
            }
            comparison.add(row);
        }
        out.print(comparison.text());
        try (OutputFolder written = OutputFolder.lock(output, "d2l compare")) {
            comparison.write(written.path(), "d2l " + String.join(" ", spec.commandLine().getParseResult().originalArgs()));
        }
        out.println("table: " + output.resolve("compare.md") + ", " + output.resolve("compare.csv")
                + "; plot: " + output.resolve("perplexity.png") + ", .svg");
        out.flush();
        return comparison.rows().stream().allMatch(Comparison.Row::ok) ? 0 : 1;
    }

    /** Trains on one engine; any failure, from loading the engine to a diverging loss, becomes the row's note. */
    private Comparison.Row train(String name, CorpusSplit split, PrintWriter out, PrintWriter err) {
        String engineName = name;
        try {
            engineName = Engines.canonicalName(name);
            Engine engine = Engines.get(engineName);
            Device device = Devices.choose(engine, run.device);
            if (!quiet) {
                out.println("training on " + engineName + " " + engine.getVersion() + ", " + device);
                out.flush();
            }
            long start = System.nanoTime();
            try (NDManager manager = engine.newBaseManager(device)) {
                LanguageModel model = run.newModel(manager, vocabSize);
                LanguageModelTrainer.Builder builder = run.trainer(model, engine, run.newUpdater(manager), split);
                ConsoleProgress progress = new ConsoleProgress(out, err, ConsoleProgress.onTerminal(),
                        run.data.batchesPerEpoch(split), run.training.epochs, run.sampleEvery, 0);
                if (!quiet) {
                    builder.listener(progress);
                }
                LanguageModelTrainer.Result result;
                try {
                    result = builder.build().fit(run.data.loader(split, run.seed), run.training.epochs, manager);
                } finally {
                    progress.clearBar();
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                double[] curve = result.epochs().stream().mapToDouble(TrainListener.EpochReport::perplexity).toArray();
                double[] validCurve = result.epochs().stream().filter(TrainListener.EpochReport::validated)
                        .mapToDouble(TrainListener.EpochReport::validPerplexity).toArray();
                String gradients = run.training.spec().gradientSource(engine, model).name();
                return new Comparison.Row(engineName, engine.getVersion(), device.toString(), gradients, curve, validCurve,
                        result.bestValidPerplexity(), result.tokensPerSecond(), seconds, null);
            }
        } catch (RuntimeException | LinkageError e) {
            return Comparison.Row.failed(engineName, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }
}
