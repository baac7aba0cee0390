package dev.d2l.rnn.examples;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import dev.d2l.rnn.data.CorpusSplit;
import dev.d2l.rnn.model.LanguageModel;
import dev.d2l.rnn.model.ModelSpec;
import dev.d2l.rnn.train.LanguageModelTrainer;
import dev.d2l.rnn.train.LearningRateSchedule;
import dev.d2l.rnn.train.Updater;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/**
 * The options of a training run that every training command shares: the model's, the data's and
 * the training's, and those of the run as a whole. Defaults reproduce d2l 8.5. They travel with a
 * checkpoint as settings named after the options ({@link RunSettings}), so a resumed run or a
 * generation rebuilds the same model on the same data.
 */
final class RunOptions {

    @Mixin
    ModelOptions model;

    @Mixin
    DataOptions data;

    @Mixin
    TrainingOptions training;

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

    /** The groups exist before any parsing, so that options restored from a checkpoint alone have a home. */
    RunOptions() {
        model = new ModelOptions();
        data = new DataOptions();
        training = new TrainingOptions();
    }

    /**
     * Checks every size and name before anything slow happens.
     *
     * @throws IllegalArgumentException naming the first bad option
     */
    void validate() {
        model.validate();
        data.validate();
        OptionChecks.checkLength(predictLength);
        OptionChecks.notNegative("--sample-every", sampleEvery);
        if (prefixes != null) {
            OptionChecks.checkPrefixes(prefixes, data.tokens);
        }
        spec();
        training.validate(data.validFraction != 0);
    }

    /** The options a checkpoint keeps, by option name without dashes ({@link RunSettings}). */
    Map<String, String> settings() {
        return RunSettings.of(this);
    }

    /**
     * Takes the options of a checkpoint's run, except those the user gave on this command line
     * ({@link RunSettings#restore}).
     */
    void restore(Map<String, String> saved, ParseResult given) {
        RunSettings.restore(this, saved, given);
    }

    /** The prefixes to continue: the user's, or the book's for the dataset. */
    List<String> prefixes() {
        return prefixes != null && !prefixes.isEmpty() ? prefixes : data.defaultPrefixes();
    }

    /**
     * The model the options describe.
     *
     * @throws IllegalArgumentException for a name, size or combination that describes none
     */
    ModelSpec spec() {
        return model.spec(data.tokens, seed);
    }

    LanguageModel newModel(NDManager manager, long vocabSize) {
        return spec().newModel(manager, vocabSize);
    }

    /** The updater the options name; Adam's moments live in {@code manager}. */
    Updater newUpdater(NDManager manager) {
        return training.spec().newUpdater(manager);
    }

    /** A trainer as the options describe, validating on the split's validation part (if any) with the schedule and patience asked for. */
    LanguageModelTrainer.Builder trainer(LanguageModel net, Engine engine, Updater updater, CorpusSplit split) {
        LanguageModelTrainer.Builder builder = training.spec().newTrainer(net, engine, updater).patience(training.patience);
        if (split.validates()) {
            builder.validation(data.heldOut(split.valid(), "valid"));
        }
        LearningRateSchedule schedule = training.schedule();
        if (schedule != null) {
            builder.schedule(schedule);
        }
        return builder;
    }
}
