package dev.d2l.rnn.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.d2l.rnn.data.Vocab;
import dev.d2l.rnn.model.BpttModel;
import dev.d2l.rnn.model.LanguageModel;
import dev.d2l.rnn.model.ModelSpec;
import dev.d2l.rnn.model.RNNModelScratch;
import dev.d2l.rnn.testing.DelegatingModel;
import dev.d2l.rnn.testing.EngineTestBase;
import dev.d2l.rnn.train.Adam;
import dev.d2l.rnn.train.EpochPosition;
import dev.d2l.rnn.train.Sgd;
import dev.d2l.rnn.train.UpdaterState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Saving and restoring a language model on one engine. */
public abstract class CheckpointSuite extends EngineTestBase {

    /** Tokens a vocabulary file must keep intact: escapes, line breaks, spaces, non-ASCII. */
    private static final Vocab VOCAB = Vocab.restore(List.of("<unk>", " ", "\\", "a\nb", "c\rd", "\\n", "分开", ""));

    @TempDir
    Path folder;

    private RNNModelScratch model(NDManager manager, int hidden, long seed) {
        return new RNNModelScratch(manager, VOCAB.size(), hidden, RNNModelScratch.Activation.TANH, seed);
    }

    private static List<float[]> values(LanguageModel model) {
        List<float[]> values = new ArrayList<>();
        model.parameters().values().forEach(p -> values.add(p.toFloatArray()));
        return values;
    }

    private static void assertSameValues(List<float[]> expected, LanguageModel model) {
        List<float[]> actual = values(model);
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), actual.get(i), "parameter " + i);
        }
    }

    @Test
    void parametersVocabularyAndSettingsComeBackExactly() {
        try (NDManager m = manager().newSubManager()) {
            RNNModelScratch saved = model(m, 8, 1);
            // Biases start at zero: give them values that would show any rounding.
            saved.parameters().get("b_q").addi(m.randomNormal(saved.parameters().get("b_q").getShape()));
            Map<String, String> settings = new LinkedHashMap<>();
            settings.put("model", "scratch");
            settings.put("dataset", "/data/my text = mine.txt");
            settings.put("empty", "");
            Checkpoint.save(folder, saved, VOCAB, settings);

            Checkpoint loaded = Checkpoint.load(folder);
            assertEquals(settings, loaded.settings());
            assertEquals(List.of("model", "dataset", "empty"), List.copyOf(loaded.settings().keySet()));
            assertEquals(VOCAB.tokens(), loaded.vocab().tokens());
            RNNModelScratch restored = model(m, 8, 2);
            loaded.restore(restored);
            assertSameValues(values(saved), restored);
        }
    }

    @Test
    void aCheckpointRebuildsItsOwnModelAndKeepsTheRunsState() throws Exception {
        try (NDManager m = manager().newSubManager()) {
            ModelSpec spec = ModelSpec.builder().kind(ModelSpec.Kind.GRU).hidden(6).layers(2).directions(2).seed(3).build();
            LanguageModel saved = spec.newModel(m, VOCAB.size());
            saved.parameters().get("linear_bias").addi(m.randomNormal(saved.parameters().get("linear_bias").getShape()));
            Map<String, String> settings = new LinkedHashMap<>(spec.settings());
            settings.put("lr", "0.5");
            RunState run = new RunState(2, List.of(27.25, 1 / 3.0), "MXNet", "1.9.0");
            Checkpoint.save(folder, saved, new Sgd(1f), VOCAB, settings, run);

            Checkpoint loaded = Checkpoint.load(folder);
            assertEquals(spec, loaded.spec());
            assertEquals(Optional.of(run), loaded.run());
            assertFalse(loaded.settings().containsKey("epochs-done"), "the run's state is not among the settings");
            assertSameValues(values(saved), loaded.newModel(m));
            assertTrue(Files.readString(folder.resolve("serving.properties")).contains("translatorFactory="));
        }
    }

    @Test
    void aRunStateWithoutItsEngineLoadsWithTheEngineUnknown() {
        try (NDManager m = manager().newSubManager()) {
            Checkpoint.save(folder, model(m, 8, 1), new Sgd(1f), VOCAB, Map.of(), new RunState(1, List.of(9.5), null, null));
            RunState run = Checkpoint.load(folder).run().orElseThrow();
            assertEquals(new RunState(1, List.of(9.5), null, null), run);
            assertEquals(Optional.empty(), run.recordedEngine());
        }
    }

    @Test
    void aCheckpointThatDoesNotFitLeavesTheModelAsItWas() {
        try (NDManager m = manager().newSubManager()) {
            Checkpoint.save(folder, model(m, 8, 1), VOCAB, Map.of());
            RNNModelScratch wider = model(m, 16, 2);
            List<float[]> before = values(wider);
            CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoint.load(folder).restore(wider));
            assertTrue(e.getMessage().contains("parameter W_xh is float32 (8, 8) in the checkpoint but float32 (8, 16) in the model"),
                    e.getMessage());
            assertSameValues(before, wider);

            RNNModelScratch other = model(m, 8, 3);
            Map<String, NDArray> renamed = new LinkedHashMap<>(other.parameters());
            renamed.put("W_out", renamed.remove("W_hq"));
            e = assertThrows(CheckpointException.class, () -> Checkpoint.load(folder).restore(renamed(other, renamed)));
            assertTrue(e.getMessage().endsWith("it lacks [W_out] and has [W_hq] that the model does not"), e.getMessage());
        }
    }

    @Test
    void missingAndCorruptCheckpointsAreNamed() throws Exception {
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoint.load(folder.resolve("nowhere")));
        assertTrue(e.getMessage().endsWith("nowhere: there is no such folder"), e.getMessage());
        e = assertThrows(CheckpointException.class, () -> Checkpoint.load(folder));
        assertTrue(e.getMessage().endsWith("it has no checkpoint.txt"), e.getMessage());
        assertFalse(Checkpoint.exists(folder));

        try (NDManager m = manager().newSubManager()) {
            Checkpoint.save(folder, model(m, 8, 1), VOCAB, Map.of());
        }
        assertTrue(Checkpoint.exists(folder));
        Path parameters = snapshots().get(0).resolve(Checkpoint.PARAMETERS);
        byte[] original = Files.readAllBytes(parameters);
        byte[] bytes = original.clone();
        bytes[bytes.length / 2] ^= 1;
        Files.write(parameters, bytes);
        e = assertThrows(CheckpointException.class, () -> Checkpoint.load(folder));
        assertTrue(e.getMessage().matches("The checkpoint in .* is corrupt: snapshot-1/parameters.ndlist does not match its SHA-256.*"),
                e.getMessage());

        Files.write(parameters, original);
        Files.delete(snapshots().get(0).resolve(Checkpoint.VOCAB));
        e = assertThrows(CheckpointException.class, () -> Checkpoint.load(folder));
        assertTrue(e.getMessage().endsWith("is corrupt: snapshot-1/vocab.txt is missing"), e.getMessage());

        Files.writeString(folder.resolve(Checkpoint.INDEX), "snapshot\n");
        e = assertThrows(CheckpointException.class, () -> Checkpoint.load(folder));
        assertTrue(e.getMessage().endsWith("is corrupt: checkpoint.txt line 1 is not understood: 'snapshot'"), e.getMessage());
    }

    @Test
    void undecodableParametersWithAMatchingChecksumAreCorruptToo() throws Exception {
        try (NDManager m = manager().newSubManager()) {
            Checkpoint.save(folder, model(m, 8, 1), VOCAB, Map.of());
        }
        byte[] original = Files.readAllBytes(snapshots().get(0).resolve(Checkpoint.PARAMETERS));
        replaceKeepingTheIndexValid(Checkpoint.PARAMETERS, Arrays.copyOf(original, 100));
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoint.load(folder));
        assertTrue(e.getMessage().matches("The checkpoint in .* is corrupt: snapshot-1/parameters.ndlist is not an NDList of named"
                + " arrays: array 'W_xh' of shape \\(8, 8\\) is cut short: 256 bytes of data claimed, \\d+ left"), e.getMessage());

        // Zip, npy or safetensors bytes would take other paths through DJL's decoder: only its own layout is accepted.
        replaceKeepingTheIndexValid(Checkpoint.PARAMETERS, "PK\u0003\u0004 not an ndlist".getBytes(StandardCharsets.ISO_8859_1));
        e = assertThrows(CheckpointException.class, () -> Checkpoint.load(folder));
        assertTrue(e.getMessage().endsWith("is not an NDList of named arrays: it claims 1347093252 arrays (1 to 10000 expected)"),
                e.getMessage());
    }

    @Test
    void parametersClaimingHugeOrForeignShapesAreRefusedBeforeDecoding() throws Exception {
        try (NDManager m = manager().newSubManager()) {
            RNNModelScratch model = model(m, 8, 1);
            Checkpoint.save(folder, model, VOCAB, Map.of());
            byte[] bytes = Files.readAllBytes(snapshots().get(0).resolve(Checkpoint.PARAMETERS));
            // W_xh's first dimension (8 = the vocabulary) claimed as 10^8, its data left as it is.
            int at = indexOf(bytes, new byte[] {0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 8});
            byte[] huge = bytes.clone();
            java.nio.ByteBuffer.wrap(huge).putLong(at + 4, 100_000_000L);
            replaceKeepingTheIndexValid(Checkpoint.PARAMETERS, huge);
            CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoint.load(folder));
            assertTrue(e.getMessage().endsWith("array 'W_xh' of shape (100000000, 8) holds 256 bytes of data, not 3200000000"),
                    e.getMessage());

            // Another model's parameters under a recomputed SHA-256: named and shaped, refused before decoding.
            Path other = folder.resolve("other");
            Checkpoint.save(other, model(m, 16, 2), VOCAB, Map.of());
            try (Stream<Path> snapshot = Files.list(other)) {
                Path otherParameters = snapshot.filter(p -> p.getFileName().toString().startsWith("snapshot-")).findFirst()
                        .orElseThrow().resolve(Checkpoint.PARAMETERS);
                replaceKeepingTheIndexValid(Checkpoint.PARAMETERS, Files.readAllBytes(otherParameters));
            }
            List<float[]> before = values(model);
            e = assertThrows(CheckpointException.class, () -> Checkpoint.load(folder).restore(model));
            assertTrue(e.getMessage().endsWith("parameter W_xh is float32 (8, 16) in the checkpoint but float32 (8, 8) in the model"),
                    e.getMessage());
            assertSameValues(before, model);
        }
    }

    @Test
    void aRunStoppedInsideAnEpochKeepsItsPositionAndCarriedState() throws Exception {
        try (NDManager m = manager().newSubManager()) {
            RNNModelScratch model = model(m, 8, 1);
            Adam adam = new Adam(m, 0.01f);
            EpochPosition position = new EpochPosition(3, 7, 123.45678901234567, 560);
            NDArray state = m.randomNormal(new ai.djl.ndarray.types.Shape(4, 8));
            Checkpoint.save(folder, model, adam, VOCAB, Map.of("k", "v"), new RunState(2, List.of(9.5, 8.5), "PyTorch", "2.7.1"),
                    position, new ai.djl.ndarray.NDList(state));
            Checkpoint loaded = Checkpoint.load(folder);
            assertEquals(Optional.of(position), loaded.position());
            ai.djl.ndarray.NDList carried = loaded.carriedState(m);
            assertEquals(1, carried.size());
            assertArrayEquals(state.toFloatArray(), carried.get(0).toFloatArray());
            assertEquals(state.getShape(), carried.get(0).getShape());

            Checkpoint.save(folder, model, adam, VOCAB, Map.of("k", "v"));
            assertEquals(Optional.empty(), Checkpoint.load(folder).position());
            assertTrue(Checkpoint.load(folder).carriedState(m).isEmpty());

            Checkpoint.save(folder, model, adam, VOCAB, Map.of(), null, position, new ai.djl.ndarray.NDList());
            replaceKeepingTheIndexValid(Checkpoint.POSITION, "epoch 3\nbatches -7\nloss-times-tokens 1\ntokens 5\n"
                    .getBytes(StandardCharsets.UTF_8));
            CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoint.load(folder));
            assertTrue(e.getMessage().endsWith("is corrupt: Not a position inside an epoch: epoch 3, -7 minibatches, 5 tokens, loss"
                    + " times tokens 1.0"), e.getMessage());
        }
    }

    @Test
    void namedArraysAreEncodedUnderTheirKeysAndDecodedByName() {
        try (NDManager m = manager().newSubManager()) {
            NDArray floats = m.create(new float[] {1.5f, -0f, Float.MIN_VALUE});
            floats.setName("engine-given");
            NDArray longs = m.create(new long[] {Long.MAX_VALUE, 3}, new ai.djl.ndarray.types.Shape(2, 1));
            Map<String, NDArray> arrays = new LinkedHashMap<>();
            arrays.put("x/mean", floats);
            arrays.put("y", longs);
            byte[] bytes = NamedArrays.encode(arrays);
            assertEquals(List.of("x/mean float32 (3)", "y int64 (2, 1)"),
                    ArrayHeaders.read(bytes).arrays().stream().map(ArrayHeaders.Header::toString).toList());
            Map<String, NDArray> decoded = NamedArrays.decode(m, bytes, "the test's arrays");
            assertEquals(List.of("x/mean", "y"), List.copyOf(decoded.keySet()));
            assertArrayEquals(floats.toFloatArray(), decoded.get("x/mean").toFloatArray());
            assertArrayEquals(longs.toLongArray(), decoded.get("y").toLongArray());
            assertEquals("engine-given", floats.getName(), "the caller's array keeps its own name");

            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> NamedArrays.decode(m, Arrays.copyOf(bytes, 20), "the test's arrays"));
            assertTrue(e.getMessage().startsWith("the test's arrays cannot be decoded: "), e.getMessage());
        }
    }

    @Test
    void theRestorerChecksEveryParameterBeforeItCopiesOne() {
        try (NDManager m = manager().newSubManager()) {
            ParameterRestorer restorer = new ParameterRestorer(folder);
            RNNModelScratch saved = model(m, 8, 1);
            RNNModelScratch target = model(m, 8, 2);
            restorer.restore(NamedArrays.encode(saved.parameters()), target);
            assertSameValues(values(saved), target);

            // Every parameter but the last fits: none is copied.
            Map<String, NDArray> lastWrong = new LinkedHashMap<>(saved.parameters());
            String last = List.copyOf(lastWrong.keySet()).get(lastWrong.size() - 1);
            lastWrong.put(last, m.zeros(new ai.djl.ndarray.types.Shape(3)));
            RNNModelScratch untouched = model(m, 8, 3);
            List<float[]> before = values(untouched);
            CheckpointException e = assertThrows(CheckpointException.class,
                    () -> restorer.restore(NamedArrays.encode(lastWrong), untouched));
            assertTrue(e.getMessage().contains("does not fit the model: parameter " + last + " is float32 (3) in the checkpoint"),
                    e.getMessage());
            assertSameValues(before, untouched);

            restorer.restoreUpdater(new SavedUpdater(Sgd.NAME, Map.of(), null), new Sgd(1f), target);
            e = assertThrows(CheckpointException.class,
                    () -> restorer.restoreUpdater(new SavedUpdater(Adam.NAME, Map.of(), null), new Sgd(1f), target));
            assertTrue(e.getMessage().endsWith("cannot be restored: The state is that of adam, not of sgd"), e.getMessage());
            assertTrue(restorer.carriedState(null, m).isEmpty());
        }
    }

    private static int indexOf(byte[] bytes, byte[] pattern) {
        for (int i = 0; i + pattern.length <= bytes.length; i++) {
            if (Arrays.equals(Arrays.copyOfRange(bytes, i, i + pattern.length), pattern)) {
                return i;
            }
        }
        throw new AssertionError("pattern not found");
    }

    @Test
    void aFailedSaveLeavesThePreviousCheckpointWhole() throws Exception {
        try (NDManager m = manager().newSubManager()) {
            RNNModelScratch first = model(m, 8, 1);
            Checkpoint.save(folder, first, VOCAB, Map.of("epochs-done", "1"));
            // The index cannot be written (its temporary name is taken by a folder): the save fails after
            // the new snapshot's files are complete, the moment a crash would hurt most.
            Files.createDirectory(folder.resolve(Checkpoint.INDEX + ".partial"));
            assertThrows(CheckpointException.class, () -> Checkpoint.save(folder, model(m, 8, 2), VOCAB, Map.of("epochs-done", "2")));

            Checkpoint loaded = Checkpoint.load(folder);
            assertEquals("1", loaded.settings().get("epochs-done"));
            RNNModelScratch restored = model(m, 8, 3);
            loaded.restore(restored);
            assertSameValues(values(first), restored);
            assertEquals(1, snapshots().size(), "the failed save's snapshot is removed");
        }
    }

    @Test
    void eachSaveReplacesTheLastAndKeepsOneSnapshot() throws Exception {
        try (NDManager m = manager().newSubManager()) {
            for (int epoch = 1; epoch <= 3; epoch++) {
                Checkpoint.save(folder, model(m, 8, epoch), VOCAB, Map.of("epochs-done", String.valueOf(epoch)));
            }
            RNNModelScratch restored = model(m, 8, 4);
            Checkpoint loaded = Checkpoint.load(folder);
            loaded.restore(restored);
            assertEquals("3", loaded.settings().get("epochs-done"));
            assertSameValues(values(model(m, 8, 3)), restored);
            assertEquals(List.of(folder.resolve("snapshot-3")), snapshots());
        }
    }

    @Test
    void settingsMustBeSingleLinesUnderPlainKeys() {
        try (NDManager m = manager().newSubManager()) {
            RNNModelScratch model = model(m, 4, 1);
            assertThrows(IllegalArgumentException.class, () -> Checkpoint.save(folder, model, VOCAB, Map.of("a b", "x")));
            assertThrows(IllegalArgumentException.class, () -> Checkpoint.save(folder, model, VOCAB, Map.of("prefix", "x\ny")));
            assertThrows(IllegalArgumentException.class, () -> Checkpoint.save(folder, model, Vocab.restore(List.of("<unk>")), Map.of()));
            assertFalse(Checkpoint.exists(folder));
        }
    }

    @Test
    void adamsStateComesBackExactlyWithTheParameters() {
        try (NDManager m = manager().newSubManager()) {
            RNNModelScratch model = model(m, 8, 1);
            Adam adam = new Adam(m, 0.01f);
            step(adam, model, m);
            step(adam, model, m);
            Checkpoint.save(folder, model, adam, VOCAB, Map.of("epochs-done", "2"));

            Checkpoint loaded = Checkpoint.load(folder);
            assertEquals(Optional.of(Adam.NAME), loaded.updater());
            RNNModelScratch restored = model(m, 8, 2);
            loaded.restore(restored);
            Adam resumed = new Adam(m, 0.01f);
            loaded.restoreUpdater(resumed, restored);
            assertEquals(adam.state().counters(), resumed.state().counters());
            assertSameArrays(adam.state().arrays(), resumed.state().arrays());

            Map<String, NDArray> gradients = gradients(model, m);
            adam.update(model.parameters(), gradients);
            resumed.update(restored.parameters(), gradients);
            assertSameValues(values(model), restored);
        }
    }

    @Test
    void aCheckpointWithoutUpdaterStateLoadsAndSaysSo() {
        try (NDManager m = manager().newSubManager()) {
            RNNModelScratch model = model(m, 8, 1);
            Checkpoint.save(folder, model, VOCAB, Map.of());
            Checkpoint loaded = Checkpoint.load(folder);
            assertEquals(Optional.empty(), loaded.updater());
            loaded.restore(model(m, 8, 2));
            CheckpointException e = assertThrows(CheckpointException.class,
                    () -> loaded.restoreUpdater(new Adam(m, 0.01f), model));
            assertTrue(e.getMessage().endsWith("holds no updater state: it was saved without one, or before checkpoints kept it"),
                    e.getMessage());

            Checkpoint.save(folder, model, new Sgd(1f), VOCAB, Map.of());
            assertEquals(Optional.of(Sgd.NAME), Checkpoint.load(folder).updater());
            Checkpoint.load(folder).restoreUpdater(new Sgd(1f), model);
        }
    }

    @Test
    void anUpdaterStateThatDoesNotFitIsNamedAndLeavesTheUpdaterAsItWas() throws Exception {
        try (NDManager m = manager().newSubManager()) {
            RNNModelScratch model = model(m, 8, 1);
            Adam adam = new Adam(m, 0.01f);
            step(adam, model, m);
            Checkpoint.save(folder, model, adam, VOCAB, Map.of());
            Map<Path, String> files = contents();

            RNNModelScratch wider = model(m, 16, 2);
            Adam other = new Adam(m, 0.01f);
            step(other, wider, m);
            UpdaterState before = other.state();
            CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoint.load(folder).restoreUpdater(other, wider));
            assertTrue(e.getMessage().matches("The updater state in the checkpoint in .* cannot be restored: its array W_xh/mean"
                    + " float32 \\(8, 8\\) fits no parameter of the model \\(W_xh is float32 \\(8, 16\\)\\)"), e.getMessage());
            assertSameArrays(before.arrays(), other.state().arrays());

            e = assertThrows(CheckpointException.class, () -> Checkpoint.load(folder).restoreUpdater(new Sgd(1f), model));
            assertTrue(e.getMessage().endsWith("cannot be restored: The state is that of adam, not of sgd"), e.getMessage());
            assertEquals(files, contents(), "a failed restore changes no file");

            String text = Files.readString(snapshots().get(0).resolve(Checkpoint.UPDATER));
            replaceKeepingTheIndexValid(Checkpoint.UPDATER, text.replaceFirst("counter 1 W_xh/step", "counter -1 W_xh/step")
                    .getBytes(StandardCharsets.UTF_8));
            e = assertThrows(CheckpointException.class, () -> Checkpoint.load(folder).restoreUpdater(new Adam(m, 0.01f), model));
            assertTrue(e.getMessage().endsWith("Adam's state is not valid: W_xh/step is -1, not a count of updates from 1 to 2147483647"),
                    e.getMessage());
        }
    }

    @Test
    void aCorruptUpdaterStateIsNamed() throws Exception {
        try (NDManager m = manager().newSubManager()) {
            RNNModelScratch model = model(m, 8, 1);
            Adam adam = new Adam(m, 0.01f);
            step(adam, model, m);
            Checkpoint.save(folder, model, adam, VOCAB, Map.of());
            Path text = snapshots().get(0).resolve(Checkpoint.UPDATER);
            byte[] original = Files.readAllBytes(text);
            byte[] flipped = original.clone();
            flipped[flipped.length - 2] ^= 1;
            Files.write(text, flipped);
            CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoint.load(folder));
            assertTrue(e.getMessage().endsWith("is corrupt: snapshot-1/updater.txt does not match its SHA-256 (it changed after it"
                    + " was written)"), e.getMessage());
            Files.write(text, original);

            replaceKeepingTheIndexValid(Checkpoint.UPDATER, (new String(original, StandardCharsets.UTF_8) + "counter x b_h/step\n")
                    .getBytes(StandardCharsets.UTF_8));
            e = assertThrows(CheckpointException.class, () -> Checkpoint.load(folder));
            assertTrue(e.getMessage().endsWith("is corrupt: updater.txt has a line that is not understood: 'counter x b_h/step'"),
                    e.getMessage());
            replaceKeepingTheIndexValid(Checkpoint.UPDATER, original);

            byte[] arrays = Files.readAllBytes(snapshots().get(0).resolve(Checkpoint.UPDATER_ARRAYS));
            replaceKeepingTheIndexValid(Checkpoint.UPDATER_ARRAYS, Arrays.copyOf(arrays, 100));
            e = assertThrows(CheckpointException.class, () -> Checkpoint.load(folder));
            assertTrue(e.getMessage().contains("is corrupt: snapshot-1/updater.ndlist is not an NDList of named arrays: array"
                    + " 'W_xh/mean' of shape (8, 8) is cut short"), e.getMessage());

            String index = Files.readString(folder.resolve(Checkpoint.INDEX));
            Files.writeString(folder.resolve(Checkpoint.INDEX), index.replaceAll("sha256 updater.txt \\w+\n", ""));
            e = assertThrows(CheckpointException.class, () -> Checkpoint.load(folder));
            assertTrue(e.getMessage().endsWith("is corrupt: checkpoint.txt names updater.ndlist without updater.txt"), e.getMessage());
        }
    }

    /** One Adam step with gradients drawn by the engine (both sides of a comparison see the same ones). */
    private static void step(Adam adam, LanguageModel model, NDManager manager) {
        adam.update(model.parameters(), gradients(model, manager));
    }

    private static Map<String, NDArray> gradients(LanguageModel model, NDManager manager) {
        Map<String, NDArray> gradients = new LinkedHashMap<>();
        model.parameters().forEach((name, p) -> gradients.put(name, manager.randomNormal(p.getShape())));
        return gradients;
    }

    private static void assertSameArrays(Map<String, NDArray> expected, Map<String, NDArray> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        expected.forEach((name, array) -> assertArrayEquals(array.toFloatArray(), actual.get(name).toFloatArray(), name));
    }

    /** Writes {@code bytes} into the current snapshot's {@code file} and its SHA-256 into the index, as a bug could. */
    private void replaceKeepingTheIndexValid(String file, byte[] bytes) throws Exception {
        Files.write(snapshots().get(0).resolve(file), bytes);
        String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        String index = Files.readString(folder.resolve(Checkpoint.INDEX));
        Files.writeString(folder.resolve(Checkpoint.INDEX),
                index.replaceAll("sha256 " + Pattern.quote(file) + " \\w+", "sha256 " + file + " " + digest));
    }

    /** Every file under the folder, in hex. */
    private Map<Path, String> contents() throws Exception {
        Map<Path, String> contents = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                contents.put(folder.relativize(file), HexFormat.of().formatHex(Files.readAllBytes(file)));
            }
        }
        return contents;
    }

    private List<Path> snapshots() throws Exception {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.filter(p -> p.getFileName().toString().startsWith("snapshot-")).sorted().toList();
        }
    }

    private static LanguageModel renamed(BpttModel model, Map<String, NDArray> parameters) {
        return new DelegatingModel(model) {
            @Override
            public Map<String, NDArray> parameters() {
                return parameters;
            }
        };
    }
}
