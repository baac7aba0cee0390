package dev.d2l.rnn.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the {@code d2l} program chooses when told nothing, in JVMs of its own (the environment
 * variable cannot be set in this one): DJL's default engine, and DJL's informational log lines
 * only with {@code --verbose}.
 */
class CliDefaultsTest {

    private static final String TEXT = "the time traveller for so it will be convenient to speak of him "
            + "was expounding a recondite matter to us his grey eyes shone and twinkled\n";

    @TempDir
    Path folder;

    @Test
    void theEnvironmentVariableThenThePropertyThenPyTorchPickTheEngine() throws Exception {
        Path corpus = Files.writeString(folder.resolve("corpus.txt"), TEXT.repeat(25));
        Run both = d2l(Map.of("DJL_DEFAULT_ENGINE", "MXNet"), List.of("-Dai.djl.default_engine=TensorFlow"), train(corpus));
        assertTrue(both.out().matches("(?s)perplexity \\d+\\.\\d{3}, \\d+\\.\\d tokens/sec on MXNet 1\\.9\\.0, cpu\\(\\)\n.*"),
                both.toString());

        Run property = d2l(Map.of(), List.of("-Dai.djl.default_engine=TensorFlow"), train(corpus));
        assertTrue(property.out().startsWith("perplexity ") && property.out().contains(" tokens/sec on TensorFlow 2."),
                property.toString());

        Run neither = d2l(Map.of(), List.of(), train(corpus));
        assertTrue(neither.out().contains(" tokens/sec on PyTorch 2."), neither.toString());
        for (Run run : List.of(both, property, neither)) {
            assertFalse(run.err().contains("INFO"), "DJL's informational lines stay out of a normal run: " + run);
        }
    }

    @Test
    void aDefaultEngineDjlCannotReadIsAClearError() throws Exception {
        // DJL reads the variable itself and then starts no engine at all: it wants the name spelled exactly.
        Run lowerCase = d2l(Map.of("DJL_DEFAULT_ENGINE", "mxnet"), List.of(), List.of("train", "--engine", "pytorch"), 2);
        assertEquals("d2l: The environment variable DJL_DEFAULT_ENGINE is 'mxnet', but DJL needs one of MXNet, PyTorch, "
                + "TensorFlow, spelled exactly\n", lowerCase.err());
    }

    @Test
    void verboseShowsTheEnginesInformationalLines() throws Exception {
        Path corpus = Files.writeString(folder.resolve("corpus.txt"), TEXT.repeat(25));
        List<String> args = new ArrayList<>(train(corpus));
        args.add("--verbose");
        Run verbose = d2l(Map.of(), List.of(), args);
        assertTrue(verbose.err().contains("INFO Platform - Found matching platform"), verbose.toString());
    }

    /**
     * Restoring parameters (the best epoch's before the test perplexity, a checkpoint's before
     * generating) printed a deprecation warning of torch's on PyTorch, through DJL's host copy.
     */
    @Test
    void restoringParametersPrintsNothingOnStderr() throws Exception {
        Path corpus = Files.writeString(folder.resolve("corpus.txt"), TEXT.repeat(25));
        Path run = folder.resolve("run");
        List<String> args = new ArrayList<>(train(corpus));
        args.addAll(List.of("--valid-fraction", "0.2", "--test-fraction", "0.1", "--output", run.toString()));
        Run trained = d2l(Map.of(), List.of(), args);
        assertTrue(trained.out().contains("test perplexity"), trained.toString());
        assertEquals("", trained.err(), trained.toString());
        Run generated = d2l(Map.of(), List.of(), List.of("generate", "--checkpoint", run.toString(), "--prefix", "the", "--length", "5"));
        assertEquals("", generated.err(), generated.toString());
    }

    @Test
    void withNothingSetInThisJvmTheDefaultIsPyTorchAndThePropertyCounts() {
        assumeTrue(System.getenv("DJL_DEFAULT_ENGINE") == null, "DJL_DEFAULT_ENGINE is set for the tests");
        String saved = System.getProperty("ai.djl.default_engine");
        try {
            System.clearProperty("ai.djl.default_engine");
            assertEquals("PyTorch", D2l.defaultEngine());
            System.setProperty("ai.djl.default_engine", "MXNet");
            assertEquals("MXNet", D2l.defaultEngine());
        } finally {
            if (saved == null) {
                System.clearProperty("ai.djl.default_engine");
            } else {
                System.setProperty("ai.djl.default_engine", saved);
            }
        }
    }

    private static List<String> train(Path corpus) {
        return List.of("train", "--dataset", corpus.toString(), "--epochs", "1", "--hidden", "8", "--batch-size", "4",
                "--num-steps", "8", "--length", "5", "--quiet");
    }

    private record Run(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- out:\n" + out + "--- err:\n" + err;
        }
    }

    /** The d2l program's main in a JVM of its own, with {@code environment} added and DJL_DEFAULT_ENGINE otherwise unset. */
    private Run d2l(Map<String, String> environment, List<String> jvmOptions, List<String> args)
            throws IOException, InterruptedException {
        return d2l(environment, jvmOptions, args, 0);
    }

    private Run d2l(Map<String, String> environment, List<String> jvmOptions, List<String> args, int expectedCode)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), D2l.class.getName()));
        command.addAll(args);
        Path out = Files.createTempFile(folder, "out", ".txt");
        Path err = Files.createTempFile(folder, "err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().remove("DJL_DEFAULT_ENGINE");
        builder.environment().putAll(environment);
        Process child = builder.start();
        assertTrue(child.waitFor(120, TimeUnit.SECONDS), "d2l " + args + " did not finish");
        Run run = new Run(child.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        assertEquals(expectedCode, run.code(), run.toString());
        return run;
    }
}
