package dev.d2l.rnn.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.d2l.rnn.data.Vocab;
import dev.d2l.rnn.model.LanguageModel;
import dev.d2l.rnn.model.ModelSpec;
import dev.d2l.rnn.train.EpochPosition;
import dev.d2l.rnn.train.Updater;
import dev.d2l.rnn.train.UpdaterState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A language model on disk, independent of the engine that trained it: its parameters by name
 * (DJL's {@code NDList} encoding, which every engine reads back bit for bit), its vocabulary,
 * and the settings needed to rebuild it, as text; optionally the state of the {@link Updater}
 * that trained it (Adam's moments and step counts), so that training resumes exactly.
 *
 * <p>A checkpoint folder holds {@value #INDEX}, which names the current snapshot folder and
 * the SHA-256 of each of its files. A save writes a complete new snapshot beside the current
 * one, forces it to disk, then replaces {@value #INDEX} by one atomic rename; until that rename
 * the previous snapshot is the checkpoint, so a crash or a failed save never leaves a
 * half-written one. Older snapshots are deleted after the rename. Other files in the folder
 * (plots, logs) are left alone.
 *
 * <p>A run stopped inside an epoch saves where it stands too ({@link EpochPosition} and the state
 * it carries into its next minibatch), so that it resumes on the very minibatches it would have seen.
 *
 * <p>Nothing read is trusted before it is checked: every file's size is bounded before it is read
 * (and must fit the heap), every array file must be a plain {@code NDList} whose headers claim
 * exactly its length, and parameters are compared by name, type and shape with the model's before
 * anything is decoded; so a file crafted to claim huge arrays is refused, even when its SHA-256
 * line was recomputed to match.
 *
 * <p>The folder is also a DJL model directory: its {@code serving.properties} names this library's
 * {@code BlockFactory} and {@code TranslatorFactory}, so DJL's {@code Criteria} loads it on any
 * engine and continues text with it (see {@code dev.d2l.rnn.serving}).
 */
public final class Checkpoint {

    /** The file that names the current snapshot; replacing it is what commits a save. */
    public static final String INDEX = SnapshotStore.INDEX;

    static final String PARAMETERS = "parameters.ndlist";
    static final String VOCAB = "vocab.txt";
    static final String SETTINGS = "settings.txt";
    static final String UPDATER = "updater.txt";
    static final String UPDATER_ARRAYS = "updater.ndlist";
    static final String POSITION = "position.txt";
    static final String STATE = "state.ndlist";
    /** The files every snapshot has. */
    private static final List<String> FILES = List.of(PARAMETERS, VOCAB, SETTINGS);
    /** Those, and the files a snapshot may have. */
    private static final Set<String> KNOWN_FILES = Set.of(PARAMETERS, VOCAB, SETTINGS, UPDATER, UPDATER_ARRAYS, RunState.FILE,
            POSITION, STATE);

    private final Path folder;
    private final Map<String, String> settings;
    private final Vocab vocab;
    private final byte[] parameters;
    /** The saved updater state: its text (name and counters) and its arrays; null if none was saved. */
    private final SavedUpdater savedUpdater;
    private final RunState run;
    /** Where the run stood inside an epoch, and its carried state (encoded; null if none); null at an epoch's end. */
    private final EpochPosition position;
    private final byte[] state;
    private final ParameterRestorer restorer;

    private Checkpoint(Path folder, Map<String, String> settings, Vocab vocab, byte[] parameters, SavedUpdater updater,
            RunState run, EpochPosition position, byte[] state) {
        this.folder = folder;
        this.settings = Collections.unmodifiableMap(settings);
        this.vocab = vocab;
        this.parameters = parameters;
        this.savedUpdater = updater;
        this.run = run;
        this.position = position;
        this.state = state;
        this.restorer = new ParameterRestorer(folder);
    }

    /**
     * Saves {@code model}'s parameters, {@code vocab} and {@code settings} as the checkpoint in
     * {@code folder}, creating the folder if needed.
     *
     * @param settings keys of letters, digits, {@code . _ -}; values without line breaks
     * @throws IllegalArgumentException for a vocabulary of the wrong size or a bad setting
     * @throws CheckpointException if the files cannot be written; the previous checkpoint stays
     */
    public static void save(Path folder, LanguageModel model, Vocab vocab, Map<String, String> settings) {
        write(folder, model, vocab, settings, null, null, null, null);
    }

    /**
     * Saves {@code model}, {@code vocab} and {@code settings} as {@link #save(Path, LanguageModel,
     * Vocab, Map)} does, and {@code updater}'s state with them in the same snapshot.
     *
     * @throws UnsupportedOperationException if the updater cannot read out its state; nothing is written
     */
    public static void save(Path folder, LanguageModel model, Updater updater, Vocab vocab, Map<String, String> settings) {
        write(folder, model, vocab, settings, updater.state(), null, null, null);
    }

    /** Saves as {@link #save(Path, LanguageModel, Updater, Vocab, Map)} does, and where the training run stands. */
    public static void save(Path folder, LanguageModel model, Updater updater, Vocab vocab, Map<String, String> settings,
            RunState run) {
        write(folder, model, vocab, settings, updater.state(), run, null, null);
    }

    /**
     * Saves a run stopped inside an epoch: what {@link #save(Path, LanguageModel, Updater, Vocab,
     * Map, RunState)} saves, plus where the run stands in the epoch and the state it carries into its
     * next minibatch ({@link dev.d2l.rnn.train.TrainListener.StopReport}), so that
     * {@link dev.d2l.rnn.train.LanguageModelTrainer#resume(dev.d2l.rnn.data.SeqDataLoader, EpochPosition, NDList, int,
     * NDManager)} continues it exactly.
     *
     * @param carriedState empty when nothing is carried (random sampling, the start of an epoch)
     */
    public static void save(Path folder, LanguageModel model, Updater updater, Vocab vocab, Map<String, String> settings,
            RunState run, EpochPosition position, NDList carriedState) {
        write(folder, model, vocab, settings, updater.state(), run, position, carriedState);
    }

    private static void write(Path folder, LanguageModel model, Vocab vocab, Map<String, String> settings, UpdaterState state,
            RunState run, EpochPosition position, NDList carriedState) {
        if (vocab.size() != model.vocabSize()) {
            throw new IllegalArgumentException("The vocabulary has " + vocab.size() + " tokens but the model predicts "
                    + model.vocabSize());
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(SETTINGS, utf8(SettingsText.text("settings of the run that wrote this checkpoint", settings)));
        files.put(VOCAB, utf8(VocabText.text(vocab)));
        if (model.parameters().isEmpty()) {
            throw new IllegalArgumentException("The model has no parameters to save");
        }
        files.put(PARAMETERS, NamedArrays.encode(model.parameters()));
        if (state != null) {
            files.put(UPDATER, utf8(SavedUpdater.text(state)));
            // DJL cannot decode an empty NDList, so a state without arrays (SGD's) has no such file.
            if (!state.arrays().isEmpty()) {
                files.put(UPDATER_ARRAYS, NamedArrays.encode(state.arrays()));
            }
        }
        if (run != null) {
            files.put(RunState.FILE, utf8(run.text()));
        }
        if (position != null) {
            files.put(POSITION, utf8(PositionText.text(position)));
            if (!carriedState.isEmpty()) {
                Map<String, NDArray> named = new LinkedHashMap<>();
                for (int i = 0; i < carriedState.size(); i++) {
                    named.put("state/" + i, carriedState.get(i));
                }
                files.put(STATE, NamedArrays.encode(named));
            }
        }
        try {
            Files.createDirectories(folder);
            ServingFiles.write(folder);
            new SnapshotStore(folder).commit(files);
        } catch (IOException e) {
            throw new CheckpointException("Cannot write a checkpoint to " + folder.toAbsolutePath() + ": " + e, e);
        }
    }

    /** Whether {@code folder} holds a checkpoint (it may still turn out corrupt when loaded). */
    public static boolean exists(Path folder) {
        return new SnapshotStore(folder).exists();
    }

    /**
     * Reads the checkpoint in {@code folder} and checks every file against its SHA-256.
     *
     * @throws CheckpointException naming the folder and what is missing or corrupt
     */
    public static Checkpoint load(Path folder) {
        SnapshotStore store = new SnapshotStore(folder);
        SnapshotIndex index = store.index(KNOWN_FILES, FILES);
        Set<String> names = index.digests().keySet();
        boolean withUpdater = names.contains(UPDATER);
        if (!withUpdater && names.contains(UPDATER_ARRAYS)) {
            throw CheckpointException.corrupt(folder, INDEX + " names " + UPDATER_ARRAYS + " without " + UPDATER);
        }
        if (!names.contains(POSITION) && names.contains(STATE)) {
            throw CheckpointException.corrupt(folder, INDEX + " names " + STATE + " without " + POSITION);
        }
        Map<String, byte[]> files = store.read(index);
        for (String arrays : List.of(PARAMETERS, UPDATER_ARRAYS, STATE)) {
            if (files.containsKey(arrays)) {
                try {
                    ArrayHeaders.read(files.get(arrays));
                } catch (IllegalArgumentException e) {
                    throw CheckpointException.corrupt(folder, index.snapshot() + "/" + arrays + " is not an NDList of named arrays: "
                            + e.getMessage());
                }
            }
        }
        try {
            Map<String, String> settings = SettingsText.parse(text(files, SETTINGS));
            // Checkpoints written before run.txt kept the run's state among the settings.
            RunState run = RunState.parse(files.containsKey(RunState.FILE) ? SettingsText.parse(text(files, RunState.FILE)) : settings);
            return new Checkpoint(folder, settings, VocabText.parse(text(files, VOCAB)), files.get(PARAMETERS),
                    withUpdater ? SavedUpdater.parse(text(files, UPDATER), files.get(UPDATER_ARRAYS)) : null, run,
                    files.containsKey(POSITION) ? PositionText.parse(text(files, POSITION)) : null, files.get(STATE));
        } catch (IllegalArgumentException e) {
            throw CheckpointException.corrupt(folder, e.getMessage());
        }
    }

    /**
     * Where the run stood inside an epoch when it was saved; empty if it was saved at the end of
     * an epoch.
     */
    public Optional<EpochPosition> position() {
        return Optional.ofNullable(position);
    }

    /**
     * The state the stopped run carries into its next minibatch, decoded into {@code manager};
     * empty if it carries none (saved at an epoch's end, or with random sampling).
     *
     * @throws CheckpointException if the state cannot be decoded
     */
    public NDList carriedState(NDManager manager) {
        return restorer.carriedState(state, manager);
    }

    /** The folder this checkpoint was loaded from. */
    public Path folder() {
        return folder;
    }

    /** The settings saved with the model, in the order they were given. */
    public Map<String, String> settings() {
        return settings;
    }

    /** The vocabulary the model was trained with. */
    public Vocab vocab() {
        return vocab;
    }

    /**
     * The description of the saved model, read from the settings; components they lack keep
     * their defaults.
     *
     * @throws CheckpointException if a setting of the model cannot be read
     */
    public ModelSpec spec() {
        try {
            return ModelSpec.fromSettings(settings);
        } catch (IllegalArgumentException e) {
            throw CheckpointException.corrupt(folder, e.getMessage());
        }
    }

    /**
     * The saved model, rebuilt from {@link #spec()} in {@code manager} (any engine, any device)
     * with the saved parameters.
     *
     * @throws CheckpointException if the settings or the parameters do not describe one model
     */
    public LanguageModel newModel(NDManager manager) {
        LanguageModel model = spec().newModel(manager, vocab.size());
        restore(model);
        return model;
    }

    /** Where the training run that saved this stands; empty if it was saved without it. */
    public Optional<RunState> run() {
        return Optional.ofNullable(run);
    }

    /**
     * The name of the algorithm whose updater state the checkpoint holds ({@code "adam"},
     * {@code "sgd"}); empty if it holds none (saved without an updater, or before checkpoints
     * kept one).
     */
    public Optional<String> updater() {
        return Optional.ofNullable(savedUpdater).map(SavedUpdater::name);
    }

    /**
     * Hands the saved updater state to {@code updater}, which checks it against {@code model}'s
     * parameters before it takes anything over.
     *
     * @throws CheckpointException if the checkpoint holds no updater state, or one that cannot be
     *     decoded or does not fit the updater and the parameters; the updater is left as it was
     */
    public void restoreUpdater(Updater updater, LanguageModel model) {
        if (savedUpdater == null) {
            throw new CheckpointException("The checkpoint in " + folder + " holds no updater state: it was saved without one,"
                    + " or before checkpoints kept it");
        }
        restorer.restoreUpdater(savedUpdater, updater, model);
    }

    /**
     * Copies the saved parameters into {@code model}'s, by name. Every name, shape and data type
     * is checked before anything is copied, so a model the checkpoint does not fit is left as it was.
     *
     * @throws CheckpointException if the names, shapes or data types differ, or the parameters
     *     cannot be decoded
     */
    public void restore(LanguageModel model) {
        restorer.restore(parameters, model);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(Map<String, byte[]> files, String name) {
        return new String(files.get(name), StandardCharsets.UTF_8);
    }
}
