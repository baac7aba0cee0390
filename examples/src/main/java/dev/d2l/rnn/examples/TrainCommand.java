package dev.d2l.rnn.examples;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDList;
import dev.d2l.rnn.checkpoint.Checkpoint;
import dev.d2l.rnn.checkpoint.CheckpointException;
import dev.d2l.rnn.data.Corpus;
import dev.d2l.rnn.data.CorpusSplit;
import dev.d2l.rnn.engine.Devices;
import dev.d2l.rnn.engine.Engines;
import dev.d2l.rnn.generate.TextGenerator;
import dev.d2l.rnn.model.LanguageModel;
import dev.d2l.rnn.train.BestParameters;
import dev.d2l.rnn.plot.PerplexityPlot;
import dev.d2l.rnn.train.EpochPosition;
import dev.d2l.rnn.train.LanguageModelTrainer;
import dev.d2l.rnn.train.StopRequest;
import dev.d2l.rnn.train.TrainingDivergedException;
import dev.d2l.rnn.train.Updater;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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

    @Option(names = "--engine", paramLabel = "NAME",
            description = "PyTorch, MXNet or TensorFlow, in any case (default: the checkpoint's with --resume, else "
                    + D2l.DEFAULT_ENGINE_HELP + ")")
    String engineName;

    @Option(names = "--output", paramLabel = "DIR",
            description = "write the perplexity plot (perplexity.png, .svg) and the checkpoint into DIR")
    Path output;

    @Option(names = "--resume", paramLabel = "DIR",
            description = "continue the run whose checkpoint is in DIR up to --epochs, with its options; "
                    + "writes into DIR unless --output names another folder")
    Path resume;

    @Option(names = "--checkpoint-every", paramLabel = "N", defaultValue = "10",
            description = "epochs between checkpoints besides the last; 0 saves after the last epoch only (default: ${DEFAULT-VALUE})")
    int checkpointEvery;

    @Option(names = "--overwrite",
            description = "train into an --output folder that holds a checkpoint, replacing it at the first save")
    boolean overwrite;

    @Option(names = "--quiet", description = "print only the final summary and continuations")
    boolean quiet;

    @Option(names = "--log-interval", paramLabel = "N", defaultValue = "0",
            description = "every N minibatches, print their perplexity, speed and gradient norm; 0: never (default: ${DEFAULT-VALUE})")
    int logInterval;

    @Option(names = "--memory-every", paramLabel = "N", defaultValue = "0",
            description = "every N epochs, print live NDArrays, JVM heap and resident memory; 0: never (default: ${DEFAULT-VALUE})")
    int memoryEvery;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Checkpoint checkpoint = resume == null ? null : Checkpoint.load(resume);
        int epochsDone = 0;
        List<Double> earlier = List.of();
        List<Double> earlierValid = List.of();
        List<Double> earlierRates = List.of();
        String engineChoice = engineName == null ? D2l.defaultEngine() : engineName;
        EpochPosition from = EpochPosition.start(1);
        if (checkpoint != null) {
            run.restore(checkpoint.settings(), spec.commandLine().getParseResult());
            epochsDone = Checkpointer.epochsDone(checkpoint);
            earlier = Checkpointer.perplexities(checkpoint);
            earlierValid = Checkpointer.validPerplexities(checkpoint);
            earlierRates = Checkpointer.learningRates(checkpoint);
            // A checkpoint that does not name its engine resumes on the default one, as a new run starts.
            engineChoice = engineName == null ? Checkpointer.engine(checkpoint).orElse(engineChoice) : engineName;
            from = Checkpointer.position(checkpoint);
        }
        run.validate();
        OptionChecks.notNegative("--checkpoint-every", checkpointEvery);
        OptionChecks.notNegative("--memory-every", memoryEvery);
        OptionChecks.notNegative("--log-interval", logInterval);
        if (quiet && logInterval > 0) {
            throw new IllegalArgumentException("--log-interval " + logInterval + " prints lines that --quiet leaves out; give one of them");
        }
        if (from.epoch() > run.training.epochs) {
            err.printf("d2l: the run in %s has trained %d epochs already; give --epochs above %d to train on%n", resume,
                    epochsDone, epochsDone);
            return 0;
        }
        int bestBefore = earlierValid.isEmpty() ? 0 : BestParameters.bestEpoch(earlierValid);
        if (run.training.patience > 0 && bestBefore > 0 && earlierValid.size() - bestBefore >= run.training.patience) {
            err.printf("d2l: the run in %s stopped at epoch %d, %d epochs after its best validation perplexity (epoch %d); "
                    + "give a larger --patience to train on%n", resume, epochsDone, earlierValid.size() - bestBefore, bestBefore);
            return 0;
        }
        ResourceLimits.checkModel(run, 1);
        Path folder = output != null ? output : resume;
        try (OutputFolder written = folder == null ? null : OutputFolder.lock(folder, "d2l train")) {
            if (written != null) {
                written.refuseToReplaceCheckpoint(resume != null && sameFolder(folder, resume), overwrite);
            }
            Engine engine = Engines.get(engineChoice);
            Device device = Devices.choose(engine, run.device);
            Corpus corpus = run.data.corpus();
            if (checkpoint != null && !checkpoint.vocab().equals(corpus.vocab())) {
                throw new CommandFailure("The vocabulary of " + run.data.dataset + " differs from the checkpoint's in " + resume
                        + ": the text changed since the run began");
            }
            ResourceLimits.checkModel(run, corpus.vocab().size());
            return train(checkpoint, corpus, engine, device, folder, from, epochsDone, earlier, earlierValid, earlierRates, out, err);
        }
    }

    private int train(Checkpoint checkpoint, Corpus corpus, Engine engine, Device device, Path folder, EpochPosition from,
            int epochsDone, List<Double> earlier, List<Double> earlierValid, List<Double> earlierRates, PrintWriter out,
            PrintWriter err) {
        CorpusSplit split = run.data.split(corpus);
        try (NDManager manager = engine.newBaseManager(device)) {
            LanguageModel model = run.newModel(manager, corpus.vocab().size());
            Updater updater = run.newUpdater(manager);
            NDList carried = new NDList();
            if (checkpoint != null) {
                checkpoint.restore(model);
                Checkpointer.resumeUpdater(checkpoint, updater, model).ifPresent(note -> err.println("d2l: note: " + note));
                carried = checkpoint.carriedState(manager);
            }
            TextGenerator generator = new TextGenerator(model, corpus.vocab(), run.data.tokens);
            List<String> prefixes = run.prefixes();
            StopRequest stop = new StopRequest();
            LanguageModelTrainer.Builder builder = run.trainer(model, engine, updater, split).stopOn(stop)
                    .sample(quiet ? 0 : run.sampleEvery, epoch -> generator.predict(prefixes.get(0), run.predictLength, manager));
            ConsoleProgress progress = new ConsoleProgress(out, err, ConsoleProgress.onTerminal(),
                    run.data.batchesPerEpoch(split), run.training.epochs, run.sampleEvery, logInterval);
            if (!quiet) {
                builder.listener(progress);
            }
            if (memoryEvery > 0) {
                builder.listener(new MemoryReport(manager, memoryEvery, out));
            }
            if (split.validates()) {
                builder.history(earlierValid);
            }
            BestParameters best = new BestParameters(model.parameters());
            builder.listener(best);
            Checkpointer checkpointer = null;
            if (folder != null) {
                builder.listener(new PerplexityPlot(folder.resolve("perplexity"), earlier, earlierValid, Duration.ofSeconds(1)));
                checkpointer = new Checkpointer(folder, model, updater, corpus.vocab(), run.settings(), engine, earlier,
                        sameFolder(folder, resume) ? epochsDone : 0, checkpointEvery).history(earlierValid, earlierRates);
                builder.listener(checkpointer);
            }
            LanguageModelTrainer.Result result;
            int signalCode;
            try (StopSignals signals = StopSignals.install(stop, err, run.training.spec().detachState())) {
                result = builder.build().resume(run.data.loader(split, run.seed), from, carried, run.training.epochs, manager);
                signalCode = signals.exitCode();
            } catch (TrainingDivergedException e) {
                throw new CommandFailure(e.getMessage() + "; " + kept(checkpointer, folder), e);
            } catch (CheckpointException e) {
                throw new CommandFailure(e.getMessage() + "; training stopped there, " + kept(checkpointer, folder), e);
            } finally {
                progress.clearBar();
            }
            if (result.stopped()) {
                out.flush();
                err.println("d2l: " + stopped(result.stoppedAt(), checkpointer, folder));
                err.flush();
                return signalCode;
            }
            if (result.stoppedEarly()) {
                int last = result.epochs().get(result.epochs().size() - 1).epoch();
                out.printf(Locale.ROOT, "stopped after epoch %d: no better validation perplexity in the last %d epochs%n", last,
                        run.training.patience);
                if (checkpointer != null) {
                    checkpointer.finish(last);
                }
            }
            out.print(String.format(Locale.ROOT, "perplexity %.3f, ", result.perplexity()));
            if (split.validates()) {
                List<Double> valid = new ArrayList<>(earlierValid);
                result.epochs().forEach(e -> valid.add(e.validPerplexity()));
                int bestEpoch = BestParameters.bestEpoch(valid);
                restoreBest(best, bestEpoch, folder, model);
                out.printf(Locale.ROOT, "valid perplexity %.3f (best, epoch %d), ", valid.get(bestEpoch - 1), bestEpoch);
            }
            if (split.tests()) {
                out.printf(Locale.ROOT, "test perplexity %.3f, ", run.data.heldOut(split.test(), "test").of(model, manager));
            }
            out.printf(Locale.ROOT, "%.1f tokens/sec on %s %s, %s%n", result.tokensPerSecond(), engine.getEngineName(),
                    engine.getVersion(), device);
            for (String prefix : prefixes) {
                out.println(generator.predict(prefix, run.predictLength, manager));
            }
            out.flush();
        }
        return 0;
    }

    /** Puts the best epoch's parameters into the model: kept in memory if this run trained it, else its checkpoint's. */
    private static void restoreBest(BestParameters best, int bestEpoch, Path folder, LanguageModel model) {
        if (best.epoch().isPresent() && best.epoch().getAsInt() == bestEpoch) {
            best.restore();
            return;
        }
        Path saved = folder == null ? null : folder.resolve(Checkpointer.BEST);
        if (saved == null || !Checkpoint.exists(saved)) {
            throw new CommandFailure("The best epoch, " + bestEpoch + ", was trained before this run and its checkpoint is not in "
                    + saved);
        }
        Checkpoint.load(saved).restore(model);
    }

    /** Where the run stopped and how to go on. */
    private static String stopped(EpochPosition at, Checkpointer checkpointer, Path folder) {
        String where = at.atStart() ? "stopped after epoch " + (at.epoch() - 1)
                : "stopped in epoch " + at.epoch() + " after " + at.batches() + " minibatches";
        if (checkpointer == null) {
            return where + "; nothing was saved (no --output)";
        }
        boolean held = checkpointer.savedStop().isPresent()
                || (at.atStart() && at.epoch() > 1 && checkpointer.lastSaved() == at.epoch() - 1);
        return held ? where + "; the checkpoint in " + folder + " holds the run there: continue it with d2l train --resume " + folder
                : where + "; " + kept(checkpointer, folder);
    }

    private static boolean sameFolder(Path a, Path b) {
        return b != null && a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }

    private static String kept(Checkpointer checkpointer, Path folder) {
        if (checkpointer == null) {
            return "no checkpoint was asked for (--output)";
        }
        return checkpointer.lastSaved() == 0
                ? "no checkpoint was written to " + folder
                : "the checkpoint in " + folder + " keeps epoch " + checkpointer.lastSaved();
    }
}
