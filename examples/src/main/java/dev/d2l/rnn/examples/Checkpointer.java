package dev.d2l.rnn.examples;

import ai.djl.engine.Engine;
import dev.d2l.rnn.checkpoint.Checkpoint;
import dev.d2l.rnn.checkpoint.RunState;
import dev.d2l.rnn.data.Vocab;
import dev.d2l.rnn.model.LanguageModel;
import dev.d2l.rnn.train.Adam;
import dev.d2l.rnn.train.EpochPosition;
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
 * also saved, whole, into the folder {@code best} inside the run's folder. A run stopped early
 * ({@link TrainListener#onStop}) is saved where it stopped, with its position inside the epoch and
 * its carried state.
 */
final class Checkpointer implements TrainListener {

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
    private int batchesTrained;
    private EpochPosition savedStop;

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
    public void onBatch(BatchReport report) {
        batchesTrained++;
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
            Map<String, String> settings = settings();
            settings.put(BEST_EPOCH, String.valueOf(report.epoch()));
            Checkpoint.save(folder.resolve(BEST), model, updater, vocab, settings, runState(report.epoch()));
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
        Checkpoint.save(folder, model, updater, vocab, settings(), runState(epoch));
        lastSaved = epoch;
    }

    /** The run's options, with the validation perplexities and learning rates so far. */
    private Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>(runSettings);
        if (!validPerplexities.isEmpty()) {
            settings.put(VALID_PERPLEXITY, joined(validPerplexities));
        }
        if (!learningRates.isEmpty()) {
            settings.put(LEARNING_RATE, joined(learningRates));
        }
        return settings;
    }

    private static String joined(List<Double> values) {
        return values.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    /** Saves where the run stopped, unless this run trained nothing or the last save already holds it. */
    @Override
    public void onStop(StopReport report) {
        EpochPosition position = report.position();
        if (batchesTrained == 0 || (position.atStart() && lastSaved == position.epoch() - 1)) {
            return;
        }
        if (position.atStart()) {
            Checkpoint.save(folder, model, updater, vocab, settings(), runState(position.epoch() - 1));
            lastSaved = position.epoch() - 1;
        } else {
            Checkpoint.save(folder, model, updater, vocab, settings(), runState(position.epoch() - 1), position,
                    report.state());
        }
        savedStop = position;
    }

    private RunState runState(int epochsDone) {
        return new RunState(epochsDone, perplexities, engine.getEngineName(), engine.getVersion());
    }

    /** Where the save made on a stop stands, if one was made. */
    Optional<EpochPosition> savedStop() {
        return Optional.ofNullable(savedStop);
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
        return run(checkpoint).epochsDone();
    }

    /**
     * Where the checkpoint's run goes on: inside the epoch it stopped in, or at the start of the next.
     *
     * @throws IllegalArgumentException if the position, the epochs done and the perplexities disagree
     */
    static EpochPosition position(Checkpoint checkpoint) {
        int done = epochsDone(checkpoint);
        int perplexities = perplexities(checkpoint).size();
        EpochPosition position = checkpoint.position().orElse(EpochPosition.start(done + 1));
        if (perplexities != done || position.epoch() != done + 1) {
            throw new IllegalArgumentException("The checkpoint in " + checkpoint.folder() + " contradicts itself: " + done
                    + " epochs done, " + perplexities + " perplexities, stopped in epoch " + position.epoch());
        }
        return position;
    }

    /** The perplexity of every epoch the checkpoint's run had trained. */
    static List<Double> perplexities(Checkpoint checkpoint) {
        return run(checkpoint).perplexities();
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

    /** The engine that wrote the checkpoint, as DJL spells it; empty if the checkpoint does not say. */
    static Optional<String> engine(Checkpoint checkpoint) {
        return run(checkpoint).recordedEngine();
    }

    private static RunState run(Checkpoint checkpoint) {
        return checkpoint.run().orElseThrow(() -> new IllegalArgumentException("The checkpoint in " + checkpoint.folder()
                + " was not written by d2l train: it does not say where its run stands"));
    }
}
