package dev.d2l.rnn.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.d2l.rnn.checkpoint.Checkpoint;
import dev.d2l.rnn.engine.Engines;
import dev.d2l.rnn.model.RNNModelScratch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PyTorch then MXNet in one process (as compare runs them) train exactly as each does in a process of its own. */
class EnginesInOneProcessTest {

    private static final String TEXT = "the time traveller for so it will be convenient to speak of him "
            + "was expounding a recondite matter to us his grey eyes shone and twinkled\n";

    @TempDir
    Path folder;

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    @Test
    void oneAfterTheOtherInOneProcessGivesTheBitsOfSeparateProcesses() throws Exception {
        Path corpus = Files.writeString(folder.resolve("corpus.txt"), TEXT.repeat(25));
        for (String engine : List.of("PyTorch", "MXNet")) {
            Path inProcess = folder.resolve(engine + "-in-process");
            Cli.Outcome outcome = Cli.run(arguments(corpus, engine, inProcess).toArray(String[]::new));
            assertEquals(0, outcome.code(), outcome.toString());
        }
        for (String engine : List.of("PyTorch", "MXNet")) {
            Path alone = folder.resolve(engine + "-alone");
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"), D2l.class.getName()));
            command.addAll(arguments(corpus, engine, alone));
            Process child = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            assertTrue(child.waitFor(120, TimeUnit.SECONDS), engine + " alone did not finish");
            assertEquals(0, child.exitValue(), engine + " alone failed");
            Map<String, float[]> together = parameters(folder.resolve(engine + "-in-process"));
            Map<String, float[]> separate = parameters(alone);
            assertEquals(together.keySet(), separate.keySet());
            for (String name : together.keySet()) {
                assertArrayEquals(separate.get(name), together.get(name), 0f, engine + " " + name);
            }
        }
    }

    private static List<String> arguments(Path corpus, String engine, Path output) {
        return List.of("train", "--dataset", corpus.toString(), "--max-tokens", "0", "--hidden", "16", "--batch-size", "8",
                "--num-steps", "10", "--epochs", "2", "--seed", "3", "--quiet", "--length", "5", "--checkpoint-every", "0",
                "--engine", engine, "--output", output.toString());
    }

    /** The checkpoint's parameters, read through a model on PyTorch (checkpoints are engine-neutral). */
    private static Map<String, float[]> parameters(Path checkpointFolder) {
        Checkpoint checkpoint = Checkpoint.load(checkpointFolder);
        try (NDManager manager = Engines.get("PyTorch").newBaseManager()) {
            RNNModelScratch model = new RNNModelScratch(manager, checkpoint.vocab().size(), 16,
                    RNNModelScratch.Activation.TANH, 0);
            checkpoint.restore(model);
            Map<String, float[]> values = new LinkedHashMap<>();
            for (Map.Entry<String, NDArray> entry : model.parameters().entrySet()) {
                values.put(entry.getKey(), entry.getValue().toFloatArray());
            }
            return values;
        }
    }
}
