package dev.d2l.rnn.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.d2l.rnn.engine.Engines;
import dev.d2l.rnn.model.RNNModel;
import dev.d2l.rnn.model.RecurrentCell;
import dev.d2l.rnn.model.RecurrentLayer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SameStart's mapping to torch's parameter names and its loading of the script's weight files. */
class SameStartTest {

    /** What word_language_model's model lists as its named_parameters, in its order. */
    private static final List<String> TORCH_NAMES = List.of("emb.weight", "rnn.weight_ih_l0", "rnn.weight_hh_l0",
            "rnn.bias_ih_l0", "rnn.bias_hh_l0", "rnn.weight_ih_l1", "rnn.weight_hh_l1", "rnn.bias_ih_l1", "rnn.bias_hh_l1",
            "dec.weight", "dec.bias");

    @Test
    void everyParameterHasTorchsNameAndGetsItsFilesValues(@TempDir Path dir) throws IOException {
        try (NDManager manager = Engines.get("PyTorch").newBaseManager()) {
            RNNModel model = model(manager);
            List<String> names = model.getParameters().stream().map(p -> SameStart.torchName(p.getKey())).sorted().toList();
            assertEquals(TORCH_NAMES.stream().sorted().toList(), names);

            List<Pair<String, Parameter>> parameters = model.getParameters().stream().toList();
            for (int i = 0; i < parameters.size(); i++) {
                write(dir.resolve(SameStart.torchName(parameters.get(i).getKey()) + ".f32"), values(1000 * i, parameters.get(i)));
            }
            SameStart.load(model, dir);
            for (int i = 0; i < parameters.size(); i++) {
                Pair<String, Parameter> p = parameters.get(i);
                assertArrayEquals(values(1000 * i, p), p.getValue().getArray().toFloatArray(), p.getKey());
            }
        }
    }

    @Test
    void aMissingOrMissizedFileIsNamed(@TempDir Path dir) throws IOException {
        try (NDManager manager = Engines.get("PyTorch").newBaseManager()) {
            RNNModel model = model(manager);
            IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> SameStart.load(model, dir));
            assertTrue(missing.getMessage().endsWith(".f32 is missing"), missing.getMessage());

            for (Pair<String, Parameter> p : model.getParameters()) {
                write(dir.resolve(SameStart.torchName(p.getKey()) + ".f32"), values(0, p));
            }
            write(dir.resolve("dec.bias.f32"), new float[4]);
            IllegalArgumentException missized = assertThrows(IllegalArgumentException.class, () -> SameStart.load(model, dir));
            assertTrue(missized.getMessage().contains("dec.bias.f32 holds 16 bytes; linear_bias of shape (5) needs 20"),
                    missized.getMessage());
        }
    }

    @Test
    void aReferenceLineTheScriptDoesNotWriteIsNamed(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("reference.tsv");
        Files.writeString(file, "valid\t0\t4587.2272\nbatch\t1\t0\t8.431259\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SameStart.readReference(file));
        assertTrue(e.getMessage().contains("has a line same_start.py does not write: 'batch\t1\t0\t8.431259'"), e.getMessage());
        Files.writeString(file, "valid\t0\t4587.2272\nbatch\t1\t0\t8.431259\t0.146786\n");
        assertEquals(2, SameStart.readReference(file).size());
    }

    @Test
    void anUnknownParameterIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SameStart.torchName("01rnn_gamma"));
        assertEquals("No torch name for the parameter 01rnn_gamma", e.getMessage());
    }

    private static RNNModel model(NDManager manager) {
        RecurrentLayer layer = RecurrentLayer.builder().setCell(RecurrentCell.LSTM).setHiddenSize(3).optLayers(2).build();
        return RNNModel.builder(layer, 5).optEmbedding(4).create(manager);
    }

    private static float[] values(int offset, Pair<String, Parameter> p) {
        float[] values = new float[Math.toIntExact(p.getValue().getArray().getShape().size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = (offset + i) / 64f;
        }
        return values;
    }

    /** As same_start.py writes a parameter: little-endian float32. */
    private static void write(Path file, float[] values) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        Files.write(file, bytes.array());
    }
}
