package dev.d2l.rnn.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.d2l.rnn.checkpoint.Checkpoint;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The slips of issue 21 that one process can replay: none of them loses what a folder holds. */
class SlipsTest {

    @TempDir
    Path folder;

    @BeforeAll
    static void datasets() {
        Cli.headlessWithDatasets();
    }

    /** Every file under {@code run} but the lock (which names the last process that held it), in hex. */
    static Map<Path, String> contents(Path run) throws Exception {
        Map<Path, String> contents = new TreeMap<>();
        try (Stream<Path> files = Files.walk(run)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                if (!file.getFileName().toString().equals(OutputFolder.LOCK)) {
                    contents.put(run.relativize(file), HexFormat.of().formatHex(Files.readAllBytes(file)));
                }
            }
        }
        return contents;
    }

    @Test
    void aReRunWithoutResumeIsRefusedAndTheCheckpointStays() throws Exception {
        Path run = folder.resolve("run");
        assertEquals(0, Cli.tiny("train", "--epochs", "2", "--quiet", "--output", run.toString()).code());
        Map<Path, String> before = contents(run);
        double perplexity = Checkpointer.perplexities(Checkpoint.load(run)).get(1);

        Cli.Outcome again = Cli.tiny("train", "--epochs", "1", "--output", run.toString());
        assertEquals(2, again.code(), again.toString());
        assertEquals(String.format(java.util.Locale.ROOT, "d2l: %s already holds a checkpoint (scratch model, hidden 16, 2 epochs,"
                + " perplexity %.3f); continue it with --resume %s, or replace it with --overwrite%n", run, perplexity, run), again.err());
        assertEquals("", again.out());
        assertEquals(before, contents(run), "nothing in the folder changed");

        Cli.Outcome resumed = Cli.run("train", "--resume", run.toString(), "--epochs", "3", "--quiet");
        assertEquals(0, resumed.code(), resumed.toString());
        assertEquals(3, Checkpointer.epochsDone(Checkpoint.load(run)));

        Cli.Outcome replaced = Cli.tiny("train", "--epochs", "1", "--quiet", "--overwrite", "--output", run.toString());
        assertEquals(0, replaced.code(), replaced.toString());
        assertEquals(1, Checkpointer.epochsDone(Checkpoint.load(run)));
    }

    @Test
    void aFolderInUseIsRefusedNamingTheProcessAndGenerateStillReadsIt() throws Exception {
        Path run = folder.resolve("run");
        assertEquals(0, Cli.tiny("train", "--epochs", "1", "--quiet", "--output", run.toString()).code());
        Map<Path, String> before = contents(run);
        try (OutputFolder held = OutputFolder.lock(run, "d2l train")) {
            String inUse = "d2l: " + run + " is in use by another d2l run (pid " + ProcessHandle.current().pid() + ", d2l train, since ";
            for (Cli.Outcome refused : List.of(Cli.run("train", "--resume", run.toString(), "--epochs", "2"),
                    Cli.tiny("train", "--epochs", "1", "--overwrite", "--output", run.toString()),
                    Cli.run("compare", "--epochs", "1", "--engines", "pytorch", "--max-tokens", "2000", "--hidden", "8",
                            "--batch-size", "8", "--num-steps", "10", "--output", run.toString()))) {
                assertEquals(2, refused.code(), refused.toString());
                assertTrue(refused.err().startsWith(inUse) && refused.err().endsWith("); wait until it ends, or give another --output\n"),
                        refused.err());
            }
            Cli.Outcome generated = Cli.run("generate", "--checkpoint", run.toString(), "--prefix", "the", "--length", "5");
            assertEquals(0, generated.code(), generated.toString());
        }
        assertEquals(before, contents(run));
        assertEquals(0, Cli.run("train", "--resume", run.toString(), "--epochs", "2", "--quiet").code(), "the lock is released");
    }

    @Test
    void aFullDiskDuringACheckpointStopsTheRunAndKeepsThePreviousOne() throws Exception {
        Path full = Path.of("/dev/full");
        assumeTrue(Files.exists(full), "no /dev/full here");
        Path run = folder.resolve("run");
        assertEquals(0, Cli.tiny("train", "--epochs", "1", "--quiet", "--output", run.toString()).code());
        byte[] index = Files.readAllBytes(run.resolve(Checkpoint.INDEX));
        // The new index is written to this name before the rename that commits a save: the disk "fills up" at the last moment.
        Files.createSymbolicLink(run.resolve(Checkpoint.INDEX + ".partial"), full);

        Cli.Outcome outcome = Cli.run("train", "--resume", run.toString(), "--epochs", "3", "--checkpoint-every", "1", "--quiet");
        assertEquals(2, outcome.code(), outcome.toString());
        assertEquals(1, outcome.err().lines().count(), outcome.toString());
        assertTrue(outcome.err().matches("d2l: Cannot write a checkpoint to " + Pattern.quote(run.toAbsolutePath().toString())
                + ": .*No space left on device; training stopped there, the checkpoint in " + Pattern.quote(run.toString())
                + " keeps epoch 1\n"), outcome.err());
        org.junit.jupiter.api.Assertions.assertArrayEquals(index, Files.readAllBytes(run.resolve(Checkpoint.INDEX)));
        assertEquals(1, Checkpointer.epochsDone(Checkpoint.load(run)));
        try (Stream<Path> snapshots = Files.list(run)) {
            assertEquals(1, snapshots.filter(p -> p.getFileName().toString().startsWith("snapshot-")).count(),
                    "the failed save's snapshot is gone");
        }
    }

    @Test
    void aCorpusTooLargeForTheHeapIsRefusedBeforeItIsRead() throws Exception {
        Path huge = folder.resolve("huge.txt");
        long size = Runtime.getRuntime().maxMemory() / 4;
        try (RandomAccessFile file = new RandomAccessFile(huge.toFile(), "rw")) {
            file.setLength(size);
        }
        Cli.Outcome outcome = Cli.tiny("train", "--dataset", huge.toString(), "--epochs", "1");
        assertEquals(2, outcome.code(), outcome.toString());
        assertTrue(outcome.err().matches("d2l: " + Pattern.quote(huge.toAbsolutePath().toString()) + " is " + size
                + " bytes; reading it as a corpus takes about \\d+ MB of Java heap, and this JVM has \\d+ MB free \\(-Xmx sets the"
                + " heap; .*\\)\n"), outcome.err());
    }
}
