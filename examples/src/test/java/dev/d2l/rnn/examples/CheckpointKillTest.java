package dev.d2l.rnn.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.d2l.rnn.checkpoint.Checkpoint;
import dev.d2l.rnn.engine.Engines;
import dev.d2l.rnn.model.RNNModelScratch;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A process killed with SIGKILL while it writes a checkpoint leaves the previous one whole and loadable. */
class CheckpointKillTest {

    @TempDir
    Path folder;

    @Test
    void sigkillMidSaveKeepsTheLastFinishedCheckpoint() throws Exception {
        // Kill at different moments of a save: right after a save is reported, and a little later.
        for (int delayMillis : new int[] {0, 7, 23}) {
            Path checkpoints = folder.resolve("run-" + delayMillis);
            Process child = new ProcessBuilder(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Dai.djl.offline=true",
                    "-cp", System.getProperty("java.class.path"),
                    CheckpointWriter.class.getName(),
                    checkpoints.toString()))
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            AtomicInteger reported = new AtomicInteger();
            Thread reader = new Thread(() -> {
                try (BufferedReader out = new BufferedReader(
                        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = out.readLine(); line != null; line = out.readLine()) {
                        reported.set(Integer.parseInt(line.substring("saved ".length())));
                    }
                } catch (IOException closedByTheKill) {
                    // The last line read is all the parent needs.
                }
            });
            reader.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (reported.get() < 3 && child.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertTrue(reported.get() >= 3, "the child stopped before its third checkpoint");
            Thread.sleep(delayMillis);
            // destroyForcibly is SIGKILL on Unix: no shutdown hook, no finally block runs.
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            reader.join(10_000);
            int lastReported = reported.get();

            Checkpoint checkpoint = Checkpoint.load(checkpoints);
            int k = Integer.parseInt(checkpoint.settings().get("k"));
            assertTrue(k >= lastReported && k <= lastReported + 1,
                    "checkpoint " + k + " after the child reported " + lastReported + " saves");
            try (NDManager manager = Engines.get("PyTorch").newBaseManager()) {
                RNNModelScratch model = new RNNModelScratch(manager, CheckpointWriter.VOCAB.size(), CheckpointWriter.HIDDEN,
                        RNNModelScratch.Activation.TANH, 2);
                checkpoint.restore(model);
                for (NDArray parameter : model.parameters().values()) {
                    assertEquals(k, parameter.min().getFloat(), 0f, "every parameter holds save " + k);
                    assertEquals(k, parameter.max().getFloat(), 0f, "every parameter holds save " + k);
                }
            }
        }
    }
}
