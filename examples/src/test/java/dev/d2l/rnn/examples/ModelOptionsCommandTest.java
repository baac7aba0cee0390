package dev.d2l.rnn.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.d2l.rnn.checkpoint.Checkpoint;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** d2l train with --embedding, --dropout and --tie, and generate from what it saved. */
class ModelOptionsCommandTest {

    @TempDir
    Path folder;

    @BeforeAll
    static void withDatasets() {
        Cli.headlessWithDatasets();
    }

    @Test
    void anEmbeddedTiedLstmWithDropoutTrainsSavesAndGenerates() {
        Path run = folder.resolve("run");
        Cli.Outcome outcome = Cli.tiny("train", "--model", "lstm", "--layers", "2", "--embedding", "16", "--tie", "--dropout",
                "0.2", "--epochs", "2", "--quiet", "--output", run.toString());
        assertEquals(0, outcome.code(), outcome.toString());
        Checkpoint checkpoint = Checkpoint.load(run);
        assertEquals("16", checkpoint.settings().get("embedding"));
        assertEquals("true", checkpoint.settings().get("tie"));
        assertEquals("0.2", checkpoint.settings().get("dropout"));
        Cli.Outcome generated = Cli.run("generate", "--checkpoint", run.toString(), "--prefix", "time", "--length", "10",
                "--engine", "tensorflow");
        assertEquals(0, generated.code(), generated.toString());
        assertTrue(generated.out().startsWith("time"), generated.out());
        Cli.Outcome resumed = Cli.run("train", "--resume", run.toString(), "--epochs", "3", "--quiet");
        assertEquals(0, resumed.code(), resumed.toString());

        String[] sampled = {"generate", "--checkpoint", run.toString(), "--prefix", "the", "--length", "12", "--samples", "4",
            "--top-p", "0.9", "--temperature", "1.5", "--seed", "5"};
        Cli.Outcome four = Cli.run(sampled);
        assertEquals(0, four.code(), four.toString());
        assertEquals(4, four.outLines().size(), four.toString());
        assertTrue(four.outLines().stream().allMatch(l -> l.startsWith("the") && l.length() == 15), four.toString());
        assertEquals(four.out(), Cli.run(sampled).out(), "the same seed, the same samples");
        Cli.Outcome greedy = Cli.run("generate", "--checkpoint", run.toString(), "--prefix", "the", "--length", "12");
        Cli.Outcome topOne = Cli.run("generate", "--checkpoint", run.toString(), "--prefix", "the", "--length", "12", "--top-k", "1");
        assertEquals(greedy.out(), topOne.out());
    }

    @Test
    void badCombinationsAreOneLineErrors() {
        Cli.Outcome tie = Cli.tiny("train", "--model", "gru", "--embedding", "8", "--tie", "--epochs", "1");
        assertEquals(2, tie.code(), tie.toString());
        assertTrue(tie.err().contains("--tie needs --embedding equal to --hidden, got --embedding 8 and --hidden 16"), tie.err());
        Cli.Outcome scratch = Cli.tiny("train", "--embedding", "8", "--epochs", "1");
        assertEquals(2, scratch.code(), scratch.toString());
        assertTrue(scratch.err().contains("apply to the concise models"), scratch.err());
        Cli.Outcome dropout = Cli.tiny("train", "--model", "gru", "--dropout", "1", "--epochs", "1");
        assertEquals(2, dropout.code(), dropout.toString());
        assertFalse(dropout.err().contains("Exception"), dropout.err());
    }
}
