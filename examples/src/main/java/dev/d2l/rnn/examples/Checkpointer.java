package dev.d2l.rnn.examples;

import ai.djl.engine.Engine;
import dev.d2l.rnn.checkpoint.Checkpoint;
import dev.d2l.rnn.data.Vocab;
import dev.d2l.rnn.model.LanguageModel;
import dev.d2l.rnn.train.Adam;
import dev.d2l.rnn.train.TrainListener;
import dev.d2l.rnn.train.Updater;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Saves a training run's checkpoint every few epochs and after the last one: the model, its
 * updater's state, its vocabulary, the run's options and where the run stands (epochs done,
 * perplexity so far, engine). With validation, the run's history holds every epoch's validation
 * perplexity and learning rate too, and the epoch with the best validation perplexity so far is
 * also saved, whole, into the folder {@code best} inside the run's folder.
 */
final class Checkpointer implements TrainListener {

    static final String EPOCHS_DONE = "epochs-done";
    static final String PERPLEXITY = "perplexity";
    static final String ENGINE = "engine";
    static final String VALID_PERPLEXITY = "valid-perplexity";
    static final String LEARNING_RATE = "learning-rate";
    static final String BEST_EPOCH = "best-epoch";
    /** The folder, inside the run's, of the checkpoint with the best validation perplexity. */
    static final String BEST = "best";

    private final Path folder;
    private final LanguageModel model;
    private final Updater updater;
    private final Vocab vocab;
    private final Map<String, String> runSettings;
    private final Engine engine;
    private final int every;
    private final List<Double> perplexities;
    private final List<Double> validPerplexities = new ArrayList<>();
    private final List<Double> learningRates = new ArrayList<>();
    private int lastSaved;

    /**
     * @param runSettings the options of the run ({@link RunOptions#settings()})
     * @param earlier perplexities of the epochs before this run, for a resumed run
     * @param epochsDone the epoch the checkpoint being resumed stands at; 0 for a new run
     * @param every epochs between saves; 0 saves after the last epoch only
     */
    Checkpointer(Path folder, LanguageModel model, Updater updater, Vocab vocab, Map<String, String> runSettings, Engine engine,
            List<Double> earlier, int epochsDone, int every) {
        this.folder = folder;
        this.model = model;
        this.updater = updater;
        this.vocab = vocab;
        this.runSettings = runSettings;
        this.engine = engine;
        this.every = every;
        this.perplexities = new ArrayList<>(earlier);
        this.lastSaved = epochsDone;
    }

    /** The validation perplexities and learning rates of the epochs before this run (a resumed one's). */
    Checkpointer history(List<Double> validPerplexities, List<Double> learningRates) {
        this.validPerplexities.addAll(validPerplexities);
        this.learningRates.addAll(learningRates);
        return this;
    }

    @Override
    public void onEpoch(EpochReport report) {
        perplexities.add(report.perplexity());
        if (report.validated()) {
            validPerplexities.add(report.validPerplexity());
        }
        if (!Double.isNaN(report.learningRate())) {
            learningRates.add(report.learningRate());
        }
        if (report.improved()) {
            Map<String, String> settings = settings(report.epoch());
            settings.put(BEST_EPOCH, String.valueOf(report.epoch()));
            Checkpoint.save(folder.resolve(BEST), model, updater, vocab, settings);
        }
        if (report.epoch() == report.epochs() || (every > 0 && report.epoch() % every == 0)) {
            save(report.epoch());
        }
    }

    /** Saves after {@code epoch} unless that epoch is saved already: for a run that stopped before its last epoch. */
    void finish(int epoch) {
        if (lastSaved != epoch) {
            save(epoch);
        }
    }

    private void save(int epoch) {
        Checkpoint.save(folder, model, updater, vocab, settings(epoch));
        lastSaved = epoch;
    }

    private Map<String, String> settings(int epoch) {
        Map<String, String> settings = new LinkedHashMap<>(runSettings);
        settings.put(EPOCHS_DONE, String.valueOf(epoch));
        settings.put(PERPLEXITY, joined(perplexities));
        if (!validPerplexities.isEmpty()) {
            settings.put(VALID_PERPLEXITY, joined(validPerplexities));
        }
        if (!learningRates.isEmpty()) {
            settings.put(LEARNING_RATE, joined(learningRates));
        }
        settings.put(ENGINE, engine.getEngineName());
        settings.put("engine-version", engine.getVersion());
        return settings;
    }

    private static String joined(List<Double> values) {
        return values.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    /** The epoch of the newest checkpoint in the folder: saved by this run, or resumed from; 0 if none. */
    int lastSaved() {
        return lastSaved;
    }

    /**
     * Restores the updater's state from the checkpoint where it holds the same algorithm's, so the
     * run continues exactly; otherwise the updater starts afresh, with a note where that changes
     * the training.
     *
     * @return the note to print, if any
     * @throws dev.d2l.rnn.checkpoint.CheckpointException if the saved state is corrupt or does not fit the model
     */
    static Optional<String> resumeUpdater(Checkpoint checkpoint, Updater updater, LanguageModel model) {
        String wanted = updater.state().updater();
        Optional<String> saved = checkpoint.updater();
        if (saved.isPresent() && saved.get().equals(wanted)) {
            checkpoint.restoreUpdater(updater, model);
            return Optional.empty();
        }
        if (wanted.equals(Adam.NAME)) {
            return Optional.of(saved.map(name -> "the checkpoint's run used " + name)
                    .orElse("the checkpoint in " + checkpoint.folder() + " holds no optimizer state (it was written before checkpoints"
                            + " kept it)") + "; Adam's moments start from zero");
        }
        return saved.map(name -> wanted + " keeps no state; the " + name + " state in the checkpoint goes unused");
    }

    /** How many epochs the checkpoint's run had trained. */
    static int epochsDone(Checkpoint checkpoint) {
        return Integer.parseInt(setting(checkpoint, EPOCHS_DONE));
    }

    /** The perplexity of every epoch the checkpoint's run had trained. */
    static List<Double> perplexities(Checkpoint checkpoint) {
        return numbers(setting(checkpoint, PERPLEXITY));
    }

    /** The validation perplexity of every epoch the checkpoint's run had trained; empty if it did not validate. */
    static List<Double> validPerplexities(Checkpoint checkpoint) {
        return numbers(checkpoint.settings().getOrDefault(VALID_PERPLEXITY, ""));
    }

    /** The learning rate of every epoch the checkpoint's run had trained; empty if it had no schedule. */
    static List<Double> learningRates(Checkpoint checkpoint) {
        return numbers(checkpoint.settings().getOrDefault(LEARNING_RATE, ""));
    }

    private static List<Double> numbers(String text) {
        return text.isEmpty() ? List.of() : Arrays.stream(text.split(",")).map(Double::valueOf).collect(Collectors.toList());
    }

    /** The engine that wrote the checkpoint, as DJL spells it. */
    static String engine(Checkpoint checkpoint) {
        return setting(checkpoint, ENGINE);
    }

    private static String setting(Checkpoint checkpoint, String key) {
        String value = checkpoint.settings().get(key);
        if (value == null) {
            throw new IllegalArgumentException("The checkpoint in " + checkpoint.folder() + " was not written by d2l train: it lacks '"
                    + key + "'");
        }
        return value;
    }
}
