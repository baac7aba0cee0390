package dev.d2l.rnn.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.d2l.rnn.checkpoint.Checkpoint;
import dev.d2l.rnn.train.EpochPosition;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The slips of issue 21 replayed on real processes: Ctrl-C (SIGINT) and SIGTERM in the middle of
 * an epoch, then a resume that ends bit for bit as a run never stopped; a second process on the
 * same folder while the first trains; a second signal.
 */
class StopSignalTest {

    /** 250 minibatches an epoch of a tiny model: a few seconds, so a signal lands inside one. */
    private static final List<String> RUN = List.of("--max-tokens", "20000", "--hidden", "16", "--batch-size", "8",
            "--num-steps", "10", "--length", "20", "--epochs", "2", "--checkpoint-every", "1", "--sample-every", "1");

    @TempDir
    Path folder;

    @BeforeAll
    static void datasets() {
        Cli.headlessWithDatasets();
    }

    @Test
    void ctrlCMidEpochSavesWhereTheRunStandsAndTheResumeEndsBitForBit() throws Exception {
        Path stopped = folder.resolve("stopped");
        Child child = Child.train(stopped, RUN);
        child.awaitCheckpoint();

        // A second run on the folder is refused, naming the process; generate reads it without waiting.
        Cli.Outcome second = Cli.tiny("train", "--output", stopped.toString(), "--epochs", "1");
        assertEquals(2, second.code(), second.toString());
        assertTrue(second.err().startsWith("d2l: " + stopped + " is in use by another d2l run (pid " + child.pid() + ", d2l train,"),
                second.err());
        assertEquals(1, second.err().lines().count(), second.err());
        Cli.Outcome generated = Cli.run("generate", "--checkpoint", stopped.toString(), "--prefix", "time", "--length", "5");
        assertEquals(0, generated.code(), generated.toString());

        child.signal("INT");
        assertEquals(130, child.exitCode());
        EpochPosition at = assertStoppedMidEpoch(child, stopped);

        assertResumesAsOneNeverStopped(RUN, stopped, at);
    }

    @Test
    void sigtermMidEpochOfARandomAdamRunExits143AndResumesBitForBit() throws Exception {
        List<String> run = new ArrayList<>(RUN);
        run.addAll(List.of("--sampling", "random", "--optimizer", "adam", "--lr", "0.01"));
        Path stopped = folder.resolve("stopped");
        Child child = Child.train(stopped, run);
        child.awaitCheckpoint();
        child.signal("TERM");
        assertEquals(143, child.exitCode());
        EpochPosition at = assertStoppedMidEpoch(child, stopped);
        assertFalse(Files.exists(snapshot(stopped).resolve("state.ndlist")), "random sampling carries no state");

        assertResumesAsOneNeverStopped(run, stopped, at);
    }

    @Test
    void aSecondSignalEndsTheRunAtOnceAndTheLastCheckpointStaysWhole() throws Exception {
        // One minibatch an epoch, each taking a while: the second signal comes while the first waits for it.
        Path run = folder.resolve("run");
        Child child = Child.train(run, List.of("--max-tokens", "2300", "--hidden", "2048", "--batch-size", "64", "--num-steps",
                "35", "--epochs", "50", "--checkpoint-every", "1", "--sample-every", "1", "--length", "5"));
        child.awaitCheckpoint();
        child.signal("INT");
        Thread.sleep(50);
        child.signal("INT");
        assertEquals(130, child.exitCode());
        String err = child.err();
        assertTrue(err.contains("d2l: SIGINT again: stopping at once; the last complete checkpoint stays as it is"), err);
        assertFalse(err.contains("holds the run there"), err);
        Checkpoint checkpoint = Checkpoint.load(run);
        assertTrue(checkpoint.position().isEmpty(), "the stop was not saved; an epoch's checkpoint is");
        assertTrue(Checkpointer.epochsDone(checkpoint) >= 1);
    }

    private static EpochPosition assertStoppedMidEpoch(Child child, Path stopped) throws Exception {
        Checkpoint checkpoint = Checkpoint.load(stopped);
        EpochPosition at = checkpoint.position().orElseThrow(() -> new AssertionError("no position saved:\n" + child.err()));
        assertTrue(at.batches() > 0, at.toString());
        assertEquals(at.epoch() - 1, Checkpointer.epochsDone(checkpoint));
        String expected = "d2l: stopped in epoch " + at.epoch() + " after " + at.batches() + " minibatches; the checkpoint in "
                + stopped + " holds the run there: continue it with d2l train --resume " + stopped;
        assertTrue(child.err().lines().anyMatch(expected::equals), child.err());
        return at;
    }

    /** Resumes the stopped run to its end, trains the same run straight through, and compares the two. */
    private void assertResumesAsOneNeverStopped(List<String> run, Path stopped, EpochPosition at) throws Exception {
        Cli.Outcome resumed = Cli.run("train", "--resume", stopped.toString(), "--quiet");
        assertEquals(0, resumed.code(), resumed.toString());
        Path straight = folder.resolve("straight");
        assertEquals(0, Cli.run(with(run, "--quiet", "--output", straight.toString())).code());
        assertSameRun(straight, stopped, "stopped at " + at);
    }

    private static void assertSameRun(Path straight, Path stopped, String what) throws Exception {
        assertEquals(Checkpointer.perplexities(Checkpoint.load(straight)), Checkpointer.perplexities(Checkpoint.load(stopped)), what);
        for (String file : List.of("parameters.ndlist", "updater.txt")) {
            assertArrayEquals(Files.readAllBytes(snapshot(straight).resolve(file)), Files.readAllBytes(snapshot(stopped).resolve(file)),
                    file + ", " + what);
        }
    }

    static Path snapshot(Path run) throws IOException {
        String name = Files.readAllLines(run.resolve(Checkpoint.INDEX)).stream().filter(l -> l.startsWith("snapshot "))
                .findFirst().orElseThrow().substring("snapshot ".length());
        return run.resolve(name);
    }

    private static String[] with(List<String> run, String... more) {
        List<String> args = new ArrayList<>(List.of("train"));
        args.addAll(run);
        args.addAll(Arrays.asList(more));
        return args.toArray(String[]::new);
    }


    /** {@code d2l train} in a JVM of its own, its output collected as it comes. */
    private record Child(Process process, Path folder, List<String> out, Path errFile) {

        static Child train(Path folder, List<String> options) throws IOException {
            String data = System.getProperty("D2L_DATA_DIR", System.getenv("D2L_DATA_DIR"));
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Dai.djl.offline=true", "-DD2L_DATA_DIR=" + data, "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                    D2l.class.getName(), "train", "--output", folder.toString()));
            command.addAll(options);
            Path errFile = Files.createTempFile(folder.getParent(), "child", ".err");
            Process process = new ProcessBuilder(command).redirectError(errFile.toFile()).start();
            List<String> out = new CopyOnWriteArrayList<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                        out.add(line);
                    }
                } catch (IOException ended) {
                    // The process is gone; what it printed is in out.
                }
            });
            reader.setDaemon(true);
            reader.start();
            return new Child(process, folder, out, errFile);
        }

        long pid() {
            return process.pid();
        }

        /** Waits until epoch 1 is reported and its checkpoint written, then a little into epoch 2. */
        void awaitCheckpoint() throws Exception {
            await(() -> !out.isEmpty() && Checkpoint.exists(folder), "the first epoch's checkpoint");
            Thread.sleep(300);
            assertTrue(process.isAlive(), "the run ended before it could be stopped: " + out + "\n" + err());
        }

        void signal(String name) throws Exception {
            String status = Files.readString(Path.of("/proc", String.valueOf(pid()), "status"));
            var ignored = Pattern.compile("SigIgn:\\s*(\\p{XDigit}+)").matcher(status);
            assumeTrue(!ignored.find() || (Long.parseLong(ignored.group(1), 16) & (1L << ("INT".equals(name) ? 1 : 14))) == 0,
                    "SIG" + name + " is ignored in this process tree (started in the background?)");
            assertEquals(0, new ProcessBuilder("kill", "-" + name, String.valueOf(pid())).inheritIO().start().waitFor());
        }

        int exitCode() throws Exception {
            assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the run did not end after the signal: " + err());
            return process.exitValue();
        }

        String err() {
            try {
                return Files.readString(errFile);
            } catch (IOException e) {
                return e.toString();
            }
        }

        private void await(BooleanSupplier condition, String what) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!condition.getAsBoolean()) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new AssertionError("no " + what + ": " + out + "\n" + err());
                }
                Thread.sleep(20);
            }
        }
    }
}
