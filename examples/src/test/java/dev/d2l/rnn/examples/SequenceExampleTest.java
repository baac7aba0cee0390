package dev.d2l.rnn.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.d2l.rnn.plot.SequencePlots;
import dev.d2l.rnn.sequence.SineWaveAutoregression.Result;
import dev.d2l.rnn.train.GradientChoice;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SequenceExampleTest {

    @TempDir
    Path folder;

    @Test
    void printsLikeD2lAndWritesTheThreeFigures() throws Exception {
        System.setProperty("java.awt.headless", "true");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Result result = SequenceExample.run("PyTorch", folder, 42, GradientChoice.AUTO,
                new PrintStream(bytes, true, StandardCharsets.UTF_8));

        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertTrue(lines.get(0).startsWith("PyTorch 2.7.1, autograd gradients, seed 42"), lines.get(0));
        assertEquals(String.format(java.util.Locale.ROOT, "epoch 5, loss: %f", result.epochLosses()[4]), lines.get(5));
        assertTrue(lines.get(7).matches("1-step preds MSE: 0\\.\\d{4}"), lines.get(7));
        assertTrue(lines.get(10).startsWith("64-step preds MSE: "), lines.get(10));
        for (String name : SequencePlots.NAMES) {
            assertTrue(Files.size(folder.resolve(name + ".png")) > 0, name);
            assertTrue(Files.size(folder.resolve(name + ".svg")) > 0, name);
        }
    }
}
