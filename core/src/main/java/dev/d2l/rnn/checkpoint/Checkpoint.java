package dev.d2l.rnn.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.d2l.rnn.data.Vocab;
import dev.d2l.rnn.model.LanguageModel;
import dev.d2l.rnn.train.EpochPosition;
import dev.d2l.rnn.model.ModelSpec;
import dev.d2l.rnn.train.Updater;
import dev.d2l.rnn.train.UpdaterState;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

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
 * <p>The folder is also a DJL model directory: its {@value #SERVING} names this library's
 * {@code BlockFactory} and {@code TranslatorFactory}, so DJL's {@code Criteria} loads it on any
 * engine and continues text with it (see {@code dev.d2l.rnn.serving}).
 */
public final class Checkpoint {

    /** The file that names the current snapshot; replacing it is what commits a save. */
    public static final String INDEX = "checkpoint.txt";

    static final String PARAMETERS = "parameters.ndlist";
    static final String VOCAB = "vocab.txt";
    static final String SETTINGS = "settings.txt";
    static final String UPDATER = "updater.txt";
    static final String UPDATER_ARRAYS = "updater.ndlist";
    static final String POSITION = "position.txt";
    static final String STATE = "state.ndlist";
    static final String SERVING = "serving.properties";
    /** DJL's TensorFlow model loader insists on a SavedModel; this one holds an empty graph. */
    static final String SAVED_MODEL = "saved_model.pb";
    private static final String SERVING_TEXT = """
            # DJL reads this when it loads the folder as a model: Criteria.builder().optModelPath(folder)
            blockFactory=dev.d2l.rnn.serving.CheckpointBlockFactory
            translatorFactory=dev.d2l.rnn.serving.TextGenerationTranslatorFactory
            # the parameters are the checkpoint's, which the block factory restores
            option.hasParameter=false
            """;
    private static final List<String> OPTIONAL_FILES = List.of(UPDATER, UPDATER_ARRAYS, RunState.FILE, POSITION, STATE);
    private static final List<String> FILES = List.of(PARAMETERS, VOCAB, SETTINGS);
    /** No text file of a checkpoint comes near this (a word vocabulary of a large book is about 100 KB). */
    static final long MAX_TEXT_BYTES = 64L << 20;
    private static final Pattern SNAPSHOT = Pattern.compile("snapshot-(\\d{1,9})");
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9._-]+");

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
        files.put(SETTINGS, settingsText(settings).getBytes(StandardCharsets.UTF_8));
        files.put(VOCAB, vocabText(vocab).getBytes(StandardCharsets.UTF_8));
        if (model.parameters().isEmpty()) {
            throw new IllegalArgumentException("The model has no parameters to save");
        }
        files.put(PARAMETERS, encode(model.parameters()));
        if (state != null) {
            files.put(UPDATER, updaterText(state).getBytes(StandardCharsets.UTF_8));
            // DJL cannot decode an empty NDList, so a state without arrays (SGD's) has no such file.
            if (!state.arrays().isEmpty()) {
                files.put(UPDATER_ARRAYS, encode(state.arrays()));
            }
        }
        if (run != null) {
            files.put(RunState.FILE, run.text().getBytes(StandardCharsets.UTF_8));
        }
        if (position != null) {
            files.put(POSITION, positionText(position).getBytes(StandardCharsets.UTF_8));
            if (!carriedState.isEmpty()) {
                Map<String, NDArray> named = new LinkedHashMap<>();
                for (int i = 0; i < carriedState.size(); i++) {
                    named.put("state/" + i, carriedState.get(i));
                }
                files.put(STATE, encode(named));
            }
        }
        Path snapshot = null;
        try {
            Files.createDirectories(folder);
            writeServingFiles(folder);
            snapshot = folder.resolve("snapshot-" + (lastSnapshotNumber(folder) + 1));
            Files.createDirectory(snapshot);
            StringBuilder index = new StringBuilder("# d2l-rnn checkpoint: the current snapshot and the SHA-256 of its files\n")
                    .append("snapshot ").append(snapshot.getFileName()).append('\n');
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                writeDurably(snapshot.resolve(file.getKey()), file.getValue());
                index.append("sha256 ").append(file.getKey()).append(' ').append(sha256(file.getValue())).append('\n');
            }
            syncFolder(snapshot);
            Path partial = folder.resolve(INDEX + ".partial");
            writeDurably(partial, index.toString().getBytes(StandardCharsets.UTF_8));
            Files.move(partial, folder.resolve(INDEX), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            syncFolder(folder);
        } catch (IOException e) {
            if (snapshot != null) {
                deleteQuietly(snapshot);
            }
            throw new CheckpointException("Cannot write a checkpoint to " + folder.toAbsolutePath() + ": " + e, e);
        }
        deleteSnapshotsOtherThan(folder, snapshot.getFileName().toString());
    }

    /** Whether {@code folder} holds a checkpoint (it may still turn out corrupt when loaded). */
    public static boolean exists(Path folder) {
        return Files.isRegularFile(folder.resolve(INDEX));
    }

    /**
     * Reads the checkpoint in {@code folder} and checks every file against its SHA-256.
     *
     * @throws CheckpointException naming the folder and what is missing or corrupt
     */
    public static Checkpoint load(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new CheckpointException("No checkpoint at " + folder + ": there is no such folder");
        }
        Path indexFile = folder.resolve(INDEX);
        if (!Files.isRegularFile(indexFile)) {
            throw new CheckpointException("No checkpoint in " + folder + ": it has no " + INDEX);
        }
        try {
            checkReadable(folder, INDEX, Files.size(indexFile), true);
        } catch (IOException e) {
            throw corrupt(folder, "cannot read " + INDEX + ": " + e);
        }
        String snapshot = null;
        Map<String, String> digests = new LinkedHashMap<>();
        List<String> lines = readLines(folder, indexFile);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] words = line.split(" ");
            if (words.length == 2 && words[0].equals("snapshot") && SNAPSHOT.matcher(words[1]).matches() && snapshot == null) {
                snapshot = words[1];
            } else if (words.length == 3 && words[0].equals("sha256")
                    && (FILES.contains(words[1]) || OPTIONAL_FILES.contains(words[1]))) {
                digests.put(words[1], words[2]);
            } else {
                throw corrupt(folder, INDEX + " line " + (i + 1) + " is not understood: " + excerpt(line));
            }
        }
        if (snapshot == null || !digests.keySet().containsAll(FILES)) {
            throw corrupt(folder, INDEX + " does not name a snapshot and the SHA-256 of each of " + FILES);
        }
        boolean withUpdater = digests.containsKey(UPDATER);
        if (!withUpdater && digests.containsKey(UPDATER_ARRAYS)) {
            throw corrupt(folder, INDEX + " names " + UPDATER_ARRAYS + " without " + UPDATER);
        }
        if (!digests.containsKey(POSITION) && digests.containsKey(STATE)) {
            throw corrupt(folder, INDEX + " names " + STATE + " without " + POSITION);
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (String name : digests.keySet()) {
            Path file = folder.resolve(snapshot).resolve(name);
            byte[] bytes;
            try {
                checkReadable(folder, snapshot + "/" + name, Files.size(file), name.endsWith(".txt"));
                bytes = Files.readAllBytes(file);
            } catch (NoSuchFileException e) {
                throw corrupt(folder, snapshot + "/" + name + " is missing");
            } catch (IOException e) {
                throw new CheckpointException("Cannot read " + file + ": " + e, e);
            }
            if (!sha256(bytes).equals(digests.get(name))) {
                throw corrupt(folder, snapshot + "/" + name + " does not match its SHA-256 (it changed after it was written)");
            }
            files.put(name, bytes);
        }
        for (String arrays : List.of(PARAMETERS, UPDATER_ARRAYS, STATE)) {
            if (files.containsKey(arrays)) {
                try {
                    ArrayHeaders.read(files.get(arrays));
                } catch (IllegalArgumentException e) {
                    throw corrupt(folder, snapshot + "/" + arrays + " is not an NDList of named arrays: " + e.getMessage());
                }
            }
        }
        try {
            Map<String, String> settings = parseSettings(new String(files.get(SETTINGS), StandardCharsets.UTF_8));
            // Checkpoints written before run.txt kept the run's state among the settings.
            RunState run = RunState.parse(files.containsKey(RunState.FILE)
                    ? parseSettings(new String(files.get(RunState.FILE), StandardCharsets.UTF_8)) : settings);
            return new Checkpoint(folder, settings,
                    Vocab.restore(parseVocab(new String(files.get(VOCAB), StandardCharsets.UTF_8))), files.get(PARAMETERS),
                    withUpdater ? SavedUpdater.parse(new String(files.get(UPDATER), StandardCharsets.UTF_8), files.get(UPDATER_ARRAYS))
                            : null, run,
                    files.containsKey(POSITION) ? parsePosition(new String(files.get(POSITION), StandardCharsets.UTF_8)) : null,
                    files.get(STATE));
        } catch (IllegalArgumentException e) {
            throw corrupt(folder, e.getMessage());
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
        NDList carried = new NDList();
        if (state != null) {
            decodeNamed(manager, state, "its carried state").values().forEach(carried::add);
        }
        return carried;
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
            throw corrupt(folder, e.getMessage());
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
        Map<String, NDArray> targets = model.parameters();
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("The model has no parameters to restore an updater for");
        }
        if (savedUpdater.arrays() != null) {
            checkUpdaterShapes(targets);
        }
        try (NDManager scope = targets.values().iterator().next().getManager().newSubManager()) {
            Map<String, NDArray> arrays = savedUpdater.arrays() == null ? Map.of()
                    : decodeNamed(scope, savedUpdater.arrays(), "its updater state");
            try {
                updater.restore(new UpdaterState(savedUpdater.name(), arrays, savedUpdater.counters()), targets);
            } catch (IllegalArgumentException e) {
                throw new CheckpointException("The updater state in the checkpoint in " + folder + " cannot be restored: "
                        + e.getMessage(), e);
            }
        }
    }

    /**
     * Copies the saved parameters into {@code model}'s, by name. Every name, shape and data type
     * is checked before anything is copied, so a model the checkpoint does not fit is left as it was.
     *
     * @throws CheckpointException if the names, shapes or data types differ, or the parameters
     *     cannot be decoded
     */
    public void restore(LanguageModel model) {
        Map<String, NDArray> targets = model.parameters();
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("The model has no parameters to restore");
        }
        Map<String, ArrayHeaders.Header> claimed = new LinkedHashMap<>();
        for (ArrayHeaders.Header header : ArrayHeaders.read(parameters).arrays()) {
            if (claimed.put(header.name(), header) != null) {
                throw corrupt(folder, "its parameters repeat the name '" + header.name() + "'");
            }
        }
        Set<String> missing = new LinkedHashSet<>(targets.keySet());
        missing.removeAll(claimed.keySet());
        Set<String> unexpected = new LinkedHashSet<>(claimed.keySet());
        unexpected.removeAll(targets.keySet());
        if (!missing.isEmpty() || !unexpected.isEmpty()) {
            throw new CheckpointException("The checkpoint in " + folder + " does not fit the model: it lacks "
                    + missing + " and has " + unexpected + " that the model does not");
        }
        for (Map.Entry<String, NDArray> target : targets.entrySet()) {
            ArrayHeaders.Header source = claimed.get(target.getKey());
            NDArray into = target.getValue();
            if (!source.shape().equals(into.getShape()) || source.dataType() != into.getDataType()) {
                throw new CheckpointException("The checkpoint in " + folder + " does not fit the model: parameter "
                        + target.getKey() + " is " + source.dataType() + " " + source.shape()
                        + " in the checkpoint but " + into.getDataType() + " " + into.getShape() + " in the model");
            }
        }
        try (NDManager scope = targets.values().iterator().next().getManager().newSubManager()) {
            Map<String, NDArray> saved = decodeNamed(scope, parameters, "its parameters");
            for (Map.Entry<String, NDArray> target : targets.entrySet()) {
                copy(saved.get(target.getKey()), target.getValue());
            }
        }
    }

    /**
     * Every saved updater array must be named after a parameter ({@code name/...}) and have its
     * type and shape; checked on the headers, before anything is decoded.
     */
    private void checkUpdaterShapes(Map<String, NDArray> targets) {
        for (ArrayHeaders.Header header : ArrayHeaders.read(savedUpdater.arrays()).arrays()) {
            int slash = header.name().lastIndexOf('/');
            NDArray parameter = slash > 0 ? targets.get(header.name().substring(0, slash)) : null;
            if (parameter == null || !parameter.getShape().equals(header.shape()) || parameter.getDataType() != header.dataType()) {
                throw new CheckpointException("The updater state in the checkpoint in " + folder + " cannot be restored: its array "
                        + header + " fits no parameter of the model"
                        + (parameter == null ? "" : " (" + header.name().substring(0, slash) + " is " + parameter.getDataType()
                                + " " + parameter.getShape() + ")"));
            }
        }
    }

    /**
     * Refuses a file before it is read when it is larger than any checkpoint writes (text) or than
     * the heap could hold (arrays): a crafted or damaged file must not end the JVM.
     */
    private static void checkReadable(Path folder, String name, long size, boolean text) {
        if (text && size > MAX_TEXT_BYTES) {
            throw corrupt(folder, name + " is " + size + " bytes, more than the " + MAX_TEXT_BYTES
                    + " any checkpoint's text file holds");
        }
        Runtime runtime = Runtime.getRuntime();
        long free = runtime.maxMemory() - (runtime.totalMemory() - runtime.freeMemory());
        // The bytes are read whole, and decoding copies them once more.
        if (size > Integer.MAX_VALUE - 8 || 2 * size > free) {
            throw new CheckpointException("The checkpoint in " + folder + " cannot be read: " + name + " is " + size
                    + " bytes, more than this JVM's heap can hold (" + free + " bytes free; -Xmx sets the heap)");
        }
    }

    /** Copies through the host in the array's own type, so the values stay bit for bit the same. */
    private static void copy(NDArray source, NDArray target) {
        DataType type = source.getDataType();
        switch (type) {
            case FLOAT32 -> target.set(source.toFloatArray());
            case FLOAT64 -> target.set(source.toDoubleArray());
            case INT32 -> target.set(source.toIntArray());
            case INT64 -> target.set(source.toLongArray());
            default -> throw new CheckpointException("Parameters of type " + type + " cannot be restored");
        }
    }

    /** The arrays of {@code bytes} by their saved names, decoded into {@code scope}. */
    private Map<String, NDArray> decodeNamed(NDManager scope, byte[] bytes, String what) {
        NDList decoded;
        try {
            decoded = NDList.decode(scope, bytes);
        } catch (RuntimeException e) {
            throw corrupt(folder, what + " cannot be decoded: " + e.getMessage());
        }
        Map<String, NDArray> named = new LinkedHashMap<>();
        for (NDArray array : decoded) {
            if (array.getName() == null || named.put(array.getName(), array) != null) {
                throw corrupt(folder, "an array of " + what + " has no name or repeats one: '" + array.getName() + "'");
            }
        }
        return named;
    }

    private static byte[] encode(Map<String, NDArray> arrays) {
        try (NDManager scope = arrays.values().iterator().next().getManager().newSubManager()) {
            NDList named = new NDList(arrays.size());
            for (Map.Entry<String, NDArray> array : arrays.entrySet()) {
                // The map's names are the contract; the arrays' names are whatever the engine gave them.
                NDArray copy = array.getValue().duplicate();
                copy.attach(scope);
                copy.setName(array.getKey());
                named.add(copy);
            }
            return named.encode();
        }
    }

    /** The updater's name, then one counter per line: its value, a space, its name. */
    private static String updaterText(UpdaterState state) {
        if (!KEY.matcher(state.updater()).matches()) {
            throw new IllegalArgumentException("An updater's name must be letters, digits, '.', '_' or '-', got '"
                    + state.updater() + "'");
        }
        StringBuilder text = new StringBuilder("# the updater whose state this snapshot holds, then its counters (value name)\n")
                .append("updater ").append(state.updater()).append('\n');
        for (Map.Entry<String, Long> counter : state.counters().entrySet()) {
            String name = counter.getKey();
            if (name.isEmpty() || name.indexOf('\n') >= 0 || name.indexOf('\r') >= 0) {
                throw new IllegalArgumentException("A counter's name must be a single line of text, got '" + name + "'");
            }
            text.append("counter ").append(counter.getValue()).append(' ').append(name).append('\n');
        }
        return text.toString();
    }

    /** An updater state as read from a snapshot; its arrays (null if it has none) stay encoded until they are restored. */
    private record SavedUpdater(String name, Map<String, Long> counters, byte[] arrays) {

        static SavedUpdater parse(String text, byte[] arrays) {
            String name = null;
            Map<String, Long> counters = new LinkedHashMap<>();
            for (String line : text.split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] words = line.split(" ", 3);
                boolean understood;
                if (name == null) {
                    understood = words.length == 2 && words[0].equals("updater") && KEY.matcher(words[1]).matches();
                    name = understood ? words[1] : null;
                } else {
                    understood = words.length == 3 && words[0].equals("counter") && words[1].matches("-?\\d{1,18}")
                            && counters.putIfAbsent(words[2], Long.parseLong(words[1])) == null;
                }
                if (!understood) {
                    throw new IllegalArgumentException(UPDATER + " has a line that is not understood: " + excerpt(line));
                }
            }
            if (name == null) {
                throw new IllegalArgumentException(UPDATER + " does not name its updater");
            }
            return new SavedUpdater(name, Collections.unmodifiableMap(counters), arrays);
        }
    }

    private static String positionText(EpochPosition position) {
        return "# where the run stopped inside an epoch: minibatches trained, and their summed loss times tokens\n"
                + "epoch " + position.epoch() + "\n"
                + "batches " + position.batches() + "\n"
                + "loss-times-tokens " + position.lossTimesTokens() + "\n"
                + "tokens " + position.tokens() + "\n";
    }

    private static EpochPosition parsePosition(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] words = line.split(" ");
            if (words.length != 2 || values.put(words[0], words[1]) != null) {
                throw new IllegalArgumentException(POSITION + " has a line that is not understood: " + excerpt(line));
            }
        }
        if (!values.keySet().equals(Set.of("epoch", "batches", "loss-times-tokens", "tokens"))) {
            throw new IllegalArgumentException(POSITION + " must give epoch, batches, loss-times-tokens and tokens, got "
                    + values.keySet());
        }
        try {
            return new EpochPosition(Integer.parseInt(values.get("epoch")), Integer.parseInt(values.get("batches")),
                    Double.parseDouble(values.get("loss-times-tokens")), Long.parseLong(values.get("tokens")));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(POSITION + " holds a value that is not a number: " + e.getMessage(), e);
        }
    }

    private static String settingsText(Map<String, String> settings) {
        StringBuilder text = new StringBuilder("# settings of the run that wrote this checkpoint\n");
        for (Map.Entry<String, String> setting : settings.entrySet()) {
            String key = setting.getKey();
            String value = setting.getValue();
            if (key == null || !KEY.matcher(key).matches()) {
                throw new IllegalArgumentException("A setting's key must be letters, digits, '.', '_' or '-', got '" + key + "'");
            }
            if (value == null || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
                throw new IllegalArgumentException("The setting " + key + " must be a single line of text, got '" + value + "'");
            }
            text.append(key).append('=').append(value).append('\n');
        }
        return text.toString();
    }

    private static Map<String, String> parseSettings(String text) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int equals = line.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException(SETTINGS + " has a line without key=value: " + excerpt(line));
            }
            settings.put(line.substring(0, equals), line.substring(equals + 1));
        }
        return settings;
    }

    /** One token per line; a backslash, line feed or carriage return inside a token is escaped. */
    private static String vocabText(Vocab vocab) {
        StringBuilder text = new StringBuilder();
        for (String token : vocab.tokens()) {
            text.append(token.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r")).append('\n');
        }
        return text.toString();
    }

    private static List<String> parseVocab(String text) {
        if (!text.endsWith("\n")) {
            throw new IllegalArgumentException(VOCAB + " does not end with a line break");
        }
        List<String> tokens = new ArrayList<>();
        for (String line : text.substring(0, text.length() - 1).split("\n", -1)) {
            StringBuilder token = new StringBuilder(line.length());
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (c != '\\') {
                    token.append(c);
                    continue;
                }
                char escaped = ++i < line.length() ? line.charAt(i) : '?';
                switch (escaped) {
                    case '\\' -> token.append('\\');
                    case 'n' -> token.append('\n');
                    case 'r' -> token.append('\r');
                    default -> throw new IllegalArgumentException(VOCAB + " has an unknown escape in line " + (tokens.size() + 1));
                }
            }
            tokens.add(token.toString());
        }
        if (new HashSet<>(tokens).size() != tokens.size()) {
            throw new IllegalArgumentException(VOCAB + " lists a token twice");
        }
        return tokens;
    }

    private static List<String> readLines(Path folder, Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw corrupt(folder, "cannot read " + file.getFileName() + ": " + e);
        }
    }

    /** Makes the folder a DJL model directory; files that are already right are left alone. */
    private static void writeServingFiles(Path folder) throws IOException {
        byte[] savedModel;
        try (InputStream in = Checkpoint.class.getResourceAsStream(SAVED_MODEL)) {
            if (in == null) {
                throw new IOException("The resource " + SAVED_MODEL + " is missing from the d2l-rnn-core jar");
            }
            savedModel = in.readAllBytes();
        }
        Map<String, byte[]> files = Map.of(SERVING, SERVING_TEXT.getBytes(StandardCharsets.UTF_8), SAVED_MODEL, savedModel);
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            Path target = folder.resolve(file.getKey());
            if (Files.isRegularFile(target) && Arrays.equals(Files.readAllBytes(target), file.getValue())) {
                continue;
            }
            Path partial = folder.resolve(file.getKey() + ".partial");
            writeDurably(partial, file.getValue());
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static int lastSnapshotNumber(Path folder) throws IOException {
        int last = 0;
        try (Stream<Path> entries = Files.list(folder)) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                var matcher = SNAPSHOT.matcher(entry.getFileName().toString());
                if (matcher.matches()) {
                    last = Math.max(last, Integer.parseInt(matcher.group(1)));
                }
            }
        }
        return last;
    }

    /** Earlier snapshots, and any left by a save that crashed, are no longer referenced. */
    private static void deleteSnapshotsOtherThan(Path folder, String current) {
        try (Stream<Path> entries = Files.list(folder)) {
            entries.filter(p -> SNAPSHOT.matcher(p.getFileName().toString()).matches())
                    .filter(p -> !p.getFileName().toString().equals(current))
                    .forEach(Checkpoint::deleteQuietly);
        } catch (IOException e) {
            // Only disk space is lost: the checkpoint itself is complete.
        }
    }

    private static void deleteQuietly(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(folder);
        } catch (IOException e) {
            // An unreferenced snapshot never counts as the checkpoint; the next save retries.
        }
    }

    private static void writeDurably(Path file, byte[] bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
    }

    /** Makes the folder's entries (new files, a rename) durable; not every file system allows it. */
    private static void syncFolder(Path folder) {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some platforms cannot open a folder for syncing; the rename is still atomic there.
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }

    /** A line of a damaged file as an error can show it: quoted, control characters escaped, at most 60 characters. */
    static String excerpt(String line) {
        StringBuilder text = new StringBuilder("'");
        line.codePoints().limit(60).forEach(c -> text.append(Character.isISOControl(c) || Character.getType(c)
                == Character.LINE_SEPARATOR || Character.getType(c) == Character.PARAGRAPH_SEPARATOR
                ? String.format("\\u%04x", c) : Character.toString(c)));
        return text.append(line.codePointCount(0, line.length()) > 60 ? "...'" : "'").toString();
    }

    private static CheckpointException corrupt(Path folder, String what) {
        return new CheckpointException("The checkpoint in " + folder + " is corrupt: " + what);
    }
}
