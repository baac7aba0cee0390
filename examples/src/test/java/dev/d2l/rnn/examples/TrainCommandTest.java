package dev.d2l.rnn.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.d2l.rnn.checkpoint.Checkpoint;
import dev.d2l.rnn.model.ModelSpec;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** d2l train: the book's output, plots, checkpoints, resuming, divergence. */
class TrainCommandTest {

    private static final String SUMMARY = "perplexity \\d+\\.\\d{3}, \\d+\\.\\d tokens/sec on (PyTorch|MXNet|TensorFlow) \\d+\\.\\d+\\.\\d+, cpu\\(\\)";

    @TempDir
    Path folder;

    @BeforeAll
    static void headlessWithDatasets() {
        Cli.headlessWithDatasets();
    }

    /** A file of the snapshot that the checkpoint in {@code run} names. */
    private static Path snapshotFile(Path run, String name) throws Exception {
        String snapshot = Files.readAllLines(run.resolve(Checkpoint.INDEX)).stream().filter(l -> l.startsWith("snapshot "))
                .findFirst().orElseThrow().substring("snapshot ".length());
        return run.resolve(snapshot).resolve(name);
    }

    /** Writes {@code bytes} into the snapshot's file {@code name} and its SHA-256 into the index, as a bug in a writer could. */
    private static void replaceKeepingTheIndexValid(Path run, String name, byte[] bytes) throws Exception {
        Files.write(snapshotFile(run, name), bytes);
        Path index = run.resolve(Checkpoint.INDEX);
        Files.writeString(index, Files.readString(index).replaceAll("sha256 " + Pattern.quote(name) + " \\w+",
                "sha256 " + name + " " + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes))));
    }

    private static List<Double> perplexities(Path checkpoint) {
        return Checkpointer.perplexities(Checkpoint.load(checkpoint));
    }

    @Test
    void theOldGradientNameExplicitStillTrainsWithBpttAndIsSavedUnderTheNewName() throws Exception {
        Path output = folder.resolve("old-name");
        Cli.Outcome outcome = Cli.tiny("train", "--epochs", "1", "--gradients", "explicit", "--output", output.toString(),
                "--quiet");
        assertEquals(0, outcome.code(), outcome.toString());
        assertEquals("bptt", Checkpoint.load(output).settings().get("gradients"));
    }

    @Test
    void printsD2lsLinesAndWritesThePlotAndTheCheckpoint() throws Exception {
        Path output = folder.resolve("run");
        Cli.Outcome outcome = Cli.tiny("train", "--epochs", "4", "--sample-every", "2", "--output", output.toString());
        assertEquals(0, outcome.code(), outcome.toString());

        List<String> lines = outcome.outLines();
        assertEquals(5, lines.size(), outcome.toString());
        assertTrue(lines.get(0).matches("epoch 2, perplexity \\d+\\.\\d{3}, \\d+\\.\\d tokens/sec: time traveller.{20}"), lines.get(0));
        assertTrue(lines.get(1).startsWith("epoch 4, perplexity "), lines.get(1));
        assertTrue(lines.get(2).matches(SUMMARY), lines.get(2));
        assertTrue(lines.get(3).startsWith("time traveller") && lines.get(3).length() == "time traveller".length() + 20, lines.get(3));
        assertTrue(lines.get(4).startsWith("traveller") && lines.get(4).length() == "traveller".length() + 20, lines.get(4));

        BufferedImage plot = ImageIO.read(output.resolve("perplexity.png").toFile());
        assertNotNull(plot);
        assertTrue(Files.readString(output.resolve("perplexity.svg")).contains("<svg"));

        Checkpoint checkpoint = Checkpoint.load(output);
        assertEquals(4, checkpoint.run().orElseThrow().epochsDone());
        assertEquals("PyTorch", checkpoint.run().orElseThrow().engine());
        assertEquals(ModelSpec.builder().hidden(16).build(), checkpoint.spec());
        assertEquals(ModelSpec.builder().build().settings().keySet(), checkpoint.settings().keySet().stream()
                .filter(ModelSpec.builder().build().settings()::containsKey).collect(Collectors.toSet()),
                "the checkpoint keeps every component of the model's description");
        assertEquals(28, checkpoint.vocab().size());
        List<Double> curve = perplexities(output);
        assertEquals(4, curve.size());
        assertEquals(String.format(Locale.ROOT, "perplexity %.3f,", curve.get(3)), lines.get(2).substring(0, lines.get(2).indexOf(',') + 1));
        assertTrue(curve.get(3) < curve.get(0), "perplexity falls: " + curve);
    }

    @Test
    void quietPrintsOnlyTheSummaryAndTheContinuations() {
        Cli.Outcome outcome = Cli.tiny("train", "--epochs", "1", "--quiet", "--prefix", "the", "--engine", "mxnet");
        assertEquals(0, outcome.code(), outcome.toString());
        List<String> lines = outcome.outLines();
        assertEquals(2, lines.size(), outcome.toString());
        assertTrue(lines.get(0).matches(SUMMARY), lines.get(0));
        assertTrue(lines.get(1).startsWith("the"), lines.get(1));
        assertEquals("", outcome.err());
    }

    @Test
    void aResumedRunTrainsAsIfItHadNeverStopped() throws Exception {
        Path straight = folder.resolve("straight");
        Path stopped = folder.resolve("stopped");
        // Random sampling draws new offsets and a new order every epoch: the resumed loader must skip the first epochs' draws.
        assertEquals(0, Cli.tiny("train", "--epochs", "3", "--sampling", "random", "--quiet", "--output", straight.toString()).code());
        assertEquals(0, Cli.tiny("train", "--epochs", "1", "--sampling", "random", "--quiet", "--output", stopped.toString()).code());
        Cli.Outcome resumed = Cli.run("train", "--resume", stopped.toString(), "--epochs", "3", "--quiet");
        assertEquals(0, resumed.code(), resumed.toString());

        assertEquals(perplexities(straight), perplexities(stopped));
        assertArrayEquals(Files.readAllBytes(snapshotFile(straight, "parameters.ndlist")),
                Files.readAllBytes(snapshotFile(stopped, "parameters.ndlist")));
        assertEquals(3, Checkpoint.load(stopped).run().orElseThrow().epochsDone());
        Cli.Outcome fromStraight = Cli.run("generate", "--checkpoint", straight.toString(), "--prefix", "time", "--length", "30");
        Cli.Outcome fromResumed = Cli.run("generate", "--checkpoint", stopped.toString(), "--prefix", "time", "--length", "30");
        assertEquals(fromStraight.out(), fromResumed.out());
    }

    @Test
    void aResumedAdamRunEndsWithTheSameParametersBitForBit() throws Exception {
        Path straight = folder.resolve("straight");
        Path stopped = folder.resolve("stopped");
        assertEquals(0, Cli.tiny("train", "--epochs", "3", "--optimizer", "adam", "--lr", "0.01", "--quiet", "--output",
                straight.toString()).code());
        assertEquals(0, Cli.tiny("train", "--epochs", "1", "--optimizer", "adam", "--lr", "0.01", "--quiet", "--output",
                stopped.toString()).code());
        assertEquals("adam", Checkpoint.load(stopped).updater().orElseThrow());
        Cli.Outcome resumed = Cli.run("train", "--resume", stopped.toString(), "--epochs", "3", "--quiet");
        assertEquals(0, resumed.code(), resumed.toString());
        assertEquals("", resumed.err());

        assertEquals(perplexities(straight), perplexities(stopped));
        for (String file : List.of("parameters.ndlist", "updater.txt", "updater.ndlist")) {
            assertArrayEquals(Files.readAllBytes(snapshotFile(straight, file)), Files.readAllBytes(snapshotFile(stopped, file)), file);
        }
    }

    @Test
    void anOldCheckpointWithoutOptimizerStateRestartsAdamWithANote() throws Exception {
        Path straight = folder.resolve("straight");
        Path old = folder.resolve("old");
        assertEquals(0, Cli.tiny("train", "--epochs", "2", "--optimizer", "adam", "--lr", "0.01", "--quiet", "--output",
                straight.toString()).code());
        assertEquals(0, Cli.tiny("train", "--epochs", "1", "--optimizer", "adam", "--lr", "0.01", "--quiet", "--output",
                old.toString()).code());
        // What a checkpoint written before checkpoints kept the optimizer's state looks like.
        Files.delete(snapshotFile(old, "updater.txt"));
        Files.delete(snapshotFile(old, "updater.ndlist"));
        Path index = old.resolve(Checkpoint.INDEX);
        Files.writeString(index, Files.readString(index).replaceAll("sha256 updater\\.\\w+ \\w+\n", ""));
        assertEquals(Optional.empty(), Checkpoint.load(old).updater());

        Cli.Outcome resumed = Cli.run("train", "--resume", old.toString(), "--epochs", "2", "--quiet");
        assertEquals(0, resumed.code(), resumed.toString());
        assertEquals("d2l: note: the checkpoint in " + old + " holds no optimizer state (it was written before checkpoints kept it);"
                + " Adam's moments start from zero\n", resumed.err());
        assertEquals("adam", Checkpoint.load(old).updater().orElseThrow());
        assertEquals(perplexities(straight).get(0), perplexities(old).get(0));
        // Fresh moments give other parameters: the saved state is what makes a resumed run exact.
        assertFalse(Arrays.equals(Files.readAllBytes(snapshotFile(straight, "parameters.ndlist")),
                Files.readAllBytes(snapshotFile(old, "parameters.ndlist"))));
    }

    @Test
    void resumingWithTheOtherOptimizerStartsItAfreshWithANote() {
        Path run = folder.resolve("run");
        assertEquals(0, Cli.tiny("train", "--epochs", "1", "--quiet", "--output", run.toString()).code());
        assertEquals("sgd", Checkpoint.load(run).updater().orElseThrow());

        Cli.Outcome toAdam = Cli.run("train", "--resume", run.toString(), "--epochs", "2", "--optimizer", "adam", "--lr", "0.01",
                "--quiet");
        assertEquals(0, toAdam.code(), toAdam.toString());
        assertEquals("d2l: note: the checkpoint's run used sgd; Adam's moments start from zero\n", toAdam.err());
        assertEquals("adam", Checkpoint.load(run).updater().orElseThrow());

        Cli.Outcome toSgd = Cli.run("train", "--resume", run.toString(), "--epochs", "3", "--optimizer", "sgd", "--lr", "1",
                "--quiet");
        assertEquals(0, toSgd.code(), toSgd.toString());
        assertEquals("d2l: note: sgd keeps no state; the adam state in the checkpoint goes unused\n", toSgd.err());
        assertEquals("sgd", Checkpoint.load(run).updater().orElseThrow());
        assertEquals(3, perplexities(run).size());
    }

    @Test
    void anOptimizerStateThatDoesNotFitIsAnErrorThatKeepsTheCheckpoint() throws Exception {
        Path run = folder.resolve("run");
        assertEquals(0, Cli.tiny("train", "--epochs", "1", "--optimizer", "adam", "--lr", "0.01", "--quiet", "--output",
                run.toString()).code());
        // A state for another parameter, under a valid checksum: what a bug in a writer could leave.
        byte[] renamed = Files.readString(snapshotFile(run, "updater.txt")).replace(" W_xh/step", " W_xx/step")
                .getBytes(StandardCharsets.UTF_8);
        replaceKeepingTheIndexValid(run, "updater.txt", renamed);
        Path index = run.resolve(Checkpoint.INDEX);
        byte[] before = Files.readAllBytes(index);

        Cli.Outcome resumed = Cli.run("train", "--resume", run.toString(), "--epochs", "2", "--quiet");
        assertEquals(2, resumed.code(), resumed.toString());
        assertEquals("d2l: The updater state in the checkpoint in " + run + " cannot be restored: Adam's state does not fit the"
                + " parameters: it lacks [W_xh/step] and has [W_xx/step], which they do not call for\n", resumed.err());
        assertArrayEquals(before, Files.readAllBytes(index));
        assertArrayEquals(renamed, Files.readAllBytes(snapshotFile(run, "updater.txt")));
        assertEquals(1, Checkpoint.load(run).run().orElseThrow().epochsDone());
    }

    @Test
    void aCheckpointThatDoesNotNameItsEngineResumesOnTheDefaultEngine() throws Exception {
        assumeTrue(System.getenv("DJL_DEFAULT_ENGINE") == null, "DJL_DEFAULT_ENGINE is set for the tests");
        Path run = folder.resolve("run");
        assertEquals(0, Cli.tiny("train", "--epochs", "1", "--quiet", "--engine", "pytorch", "--output", run.toString()).code());
        replaceKeepingTheIndexValid(run, "run.txt", Files.readString(snapshotFile(run, "run.txt"))
                .replaceAll("engine(-version)?=.*\n", "").getBytes(StandardCharsets.UTF_8));
        assertEquals(Optional.empty(), Checkpoint.load(run).run().orElseThrow().recordedEngine());

        String saved = System.getProperty("ai.djl.default_engine");
        try {
            System.setProperty("ai.djl.default_engine", "MXNet");
            Cli.Outcome resumed = Cli.run("train", "--resume", run.toString(), "--epochs", "2", "--quiet");
            assertEquals(0, resumed.code(), resumed.toString());
        } finally {
            if (saved == null) {
                System.clearProperty("ai.djl.default_engine");
            } else {
                System.setProperty("ai.djl.default_engine", saved);
            }
        }
        assertEquals(Optional.of("MXNet"), Checkpoint.load(run).run().orElseThrow().recordedEngine());
        assertEquals(2, Checkpoint.load(run).run().orElseThrow().epochsDone());
    }

    @Test
    void aResumedRunKeepsTheOptionsThatDefineItsModel() {
        Path run = folder.resolve("run");
        assertEquals(0, Cli.tiny("train", "--epochs", "1", "--quiet", "--output", run.toString()).code());
        Cli.Outcome conflict = Cli.run("train", "--resume", run.toString(), "--epochs", "2", "--hidden", "32", "--tokens", "word");
        assertEquals(2, conflict.code(), conflict.toString());
        assertEquals("d2l: These options differ from the checkpoint's run, which they define: --hidden 32 (the checkpoint has 16), "
                + "--tokens word (the checkpoint has char)\n", conflict.err());

        Cli.Outcome done = Cli.run("train", "--resume", run.toString(), "--epochs", "1");
        assertEquals(0, done.code(), done.toString());
        assertEquals("d2l: the run in " + run + " has trained 1 epochs already; give --epochs above 1 to train on\n", done.err());
    }

    @Test
    void divergenceIsAnErrorThatKeepsTheLastGoodCheckpoint() throws Exception {
        Path run = folder.resolve("run");
        assertEquals(0, Cli.tiny("train", "--epochs", "1", "--quiet", "--output", run.toString()).code());
        byte[] before = Files.readAllBytes(run.resolve("checkpoint.txt"));

        Cli.Outcome diverged = Cli.run("train", "--resume", run.toString(), "--epochs", "3", "--lr", "3e38", "--clip", "0",
                "--checkpoint-every", "1");
        assertEquals(2, diverged.code(), diverged.toString());
        assertTrue(diverged.err().matches("d2l: Training diverged: loss \\S+ at epoch 2, minibatch \\d+; .*; the checkpoint in "
                + java.util.regex.Pattern.quote(run.toString()) + " keeps epoch 1\n"), diverged.err());
        assertArrayEquals(before, Files.readAllBytes(run.resolve("checkpoint.txt")));
        assertEquals(1, Checkpoint.load(run).run().orElseThrow().epochsDone());
    }

    @Test
    void logIntervalPrintsTheMinibatchesPerplexitySpeedAndGradientNorm() {
        // TINY: 2,000 characters, batch 8, 10 steps: 24 minibatches of 80 tokens in every epoch.
        Cli.Outcome outcome = Cli.tiny("train", "--epochs", "2", "--sample-every", "1", "--log-interval", "8");
        assertEquals(0, outcome.code(), outcome.toString());
        List<String> lines = outcome.outLines();
        String interval = "epoch %d, minibatch %d/24, perplexity \\d+\\.\\d{3}, \\d+\\.\\d tokens/sec, gradient norm \\d+\\.\\d{3}";
        for (int epoch = 1; epoch <= 2; epoch++) {
            for (int k = 1; k <= 3; k++) {
                String line = lines.get((epoch - 1) * 4 + k - 1);
                assertTrue(line.matches(String.format(Locale.ROOT, interval, epoch, 8 * k)), line);
            }
            assertTrue(lines.get(epoch * 4 - 1).startsWith("epoch " + epoch + ", perplexity "), lines.get(epoch * 4 - 1));
        }
        assertTrue(lines.get(8).matches(SUMMARY), lines.get(8));
    }

    @Test
    void anIntervalOfAWholeEpochGivesTheEpochsPerplexityAndNoNormWithoutClipping() {
        Cli.Outcome outcome = Cli.tiny("train", "--epochs", "3", "--sample-every", "1", "--log-interval", "24", "--clip", "0");
        assertEquals(0, outcome.code(), outcome.toString());
        List<String> lines = outcome.outLines();
        for (int epoch = 1; epoch <= 3; epoch++) {
            String intervalLine = lines.get(2 * epoch - 2);
            String epochLine = lines.get(2 * epoch - 1);
            assertTrue(intervalLine.matches("epoch " + epoch + ", minibatch 24/24, perplexity \\d+\\.\\d{3}, \\d+\\.\\d tokens/sec"),
                    intervalLine);
            // The trainer weighs each minibatch's loss by its tokens, the interval line averages the losses: equal here.
            String perplexity = intervalLine.split(", ")[2];
            assertEquals(epochLine.split(", ")[1], perplexity, outcome.toString());
        }
    }

    @Test
    void batchifyReadsWordLanguageModelsMinibatchesIncludingTheShortLastOne() {
        // TINY as word_language_model's batchify lays it out: 8 rows of 250 tokens, 249 of them predicted, in blocks
        // of 10 steps: 25 minibatches, the last of 9 steps (d2l's sequential partitioning gives 24 whole ones).
        Cli.Outcome outcome = Cli.tiny("train", "--epochs", "2", "--sample-every", "1", "--log-interval", "25", "--sampling",
                "batchify");
        assertEquals(0, outcome.code(), outcome.toString());
        List<String> lines = outcome.outLines();
        for (int epoch = 1; epoch <= 2; epoch++) {
            assertTrue(lines.get(2 * epoch - 2).startsWith("epoch " + epoch + ", minibatch 25/25, perplexity "), outcome.toString());
        }
        assertEquals(0, Cli.tiny("train", "--epochs", "1", "--sampling", "batchify", "--num-steps", "249").code());
        Cli.Outcome tooLong = Cli.tiny("train", "--epochs", "1", "--sampling", "batchify", "--num-steps", "250");
        assertEquals(2, tooLong.code(), tooLong.toString());
        assertTrue(tooLong.err().contains("too short for one minibatch of 8 x 250 steps: it needs at least 2008 tokens"), tooLong.err());
    }

    @Test
    void logIntervalWithQuietIsAnError() {
        Cli.Outcome outcome = Cli.tiny("train", "--epochs", "1", "--log-interval", "5", "--quiet");
        assertEquals(2, outcome.code(), outcome.toString());
        assertEquals(List.of("d2l: --log-interval 5 prints lines that --quiet leaves out; give one of them"),
                outcome.err().lines().toList());
        assertEquals(2, Cli.tiny("train", "--epochs", "1", "--log-interval", "-1").code());
    }
}
