package org.example.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.DeferredTranslatorFactory;
import dev.d2l.rnn.examples.D2l;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A DJL application that knows nothing of this library's API: it loads folders that
 * {@code d2l train --output} wrote through DJL's {@code Criteria} on each engine and continues
 * text, and gets exactly what {@code d2l generate} prints for the same folder, prefix and length.
 */
class CriteriaTest {

    private static final List<String> TINY = List.of("--max-tokens", "2000", "--hidden", "16", "--batch-size", "8",
            "--num-steps", "10", "--epochs", "1", "--checkpoint-every", "0", "--quiet");

    /** The scratch model and concise ones of every cell, with more layers and both directions among them. */
    private static final Map<String, List<String>> MODELS = new LinkedHashMap<>();

    static {
        MODELS.put("scratch", List.of("--lr", "2"));
        MODELS.put("rnn-relu", List.of("--model", "rnn", "--activation", "relu"));
        MODELS.put("gru-2-layers", List.of("--model", "gru", "--layers", "2"));
        MODELS.put("lstm-bidirectional", List.of("--model", "lstm", "--directions", "2"));
    }

    @TempDir
    static Path runs;

    @BeforeAll
    static void train() {
        String dataDir = System.getProperty("D2L_DATA_DIR", System.getenv("D2L_DATA_DIR"));
        assumeTrue(dataDir != null && Files.isDirectory(Path.of(dataDir)), "train reads The Time Machine from D2L_DATA_DIR");
        for (Map.Entry<String, List<String>> model : MODELS.entrySet()) {
            List<String> args = new ArrayList<>(List.of("train", "--output", runs.resolve(model.getKey()).toString()));
            args.addAll(TINY);
            args.addAll(model.getValue());
            cli(args.toArray(String[]::new));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"PyTorch", "MXNet", "TensorFlow"})
    void criteriaLoadsEveryTrainedFolderAndPredictsWhatGeneratePrints(String engine) throws Exception {
        for (String name : MODELS.keySet()) {
            Path dir = runs.resolve(name);
            Criteria<String, String> criteria = Criteria.builder()
                    .setTypes(String.class, String.class)
                    .optModelPath(dir)
                    .optTranslatorFactory(new DeferredTranslatorFactory())
                    .optEngine(engine)
                    .optArgument("length", 20)
                    .build();
            try (ZooModel<String, String> model = criteria.loadModel();
                    Predictor<String, String> predictor = model.newPredictor()) {
                assertEquals(generate(dir, engine, "--prefix", "time traveller", "--length", "20"),
                        List.of(predictor.predict("time traveller")), name + " on " + engine);
                assertEquals(generate(dir, engine, "--prefix", "the", "--prefix", "a time", "--length", "20"),
                        predictor.batchPredict(List.of("the", "a time")), name + " on " + engine);
            }
        }
    }

    /**
     * In a JVM of its own, where nothing but DJL has loaded TensorFlow: DJL finds its natives
     * through the engine module's provider, offline.
     */
    @Test
    void tensorFlowLoadsInAProgramThatCallsOnlyDjl() throws Exception {
        Path dir = runs.resolve("scratch");
        ProcessBuilder builder = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true",
                "-cp", System.getProperty("java.class.path"),
                PredictThroughDjl.class.getName(), dir.toString(), "TensorFlow", "20", "time traveller"))
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().remove("TENSORFLOW_LIBRARY_PATH");
        Process child = builder.start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(120, TimeUnit.SECONDS), "the child JVM did not finish");
        assertEquals(0, child.exitValue(), out);
        assertEquals(generate(dir, "TensorFlow", "--prefix", "time traveller", "--length", "20"), out.lines().toList());
    }

    @Test
    void argumentsComeAsStringsOrNumbers() throws Exception {
        Path dir = runs.resolve("gru-2-layers");
        Criteria<String, String> criteria = Criteria.builder()
                .setTypes(String.class, String.class)
                .optModelPath(dir)
                .optTranslatorFactory(new DeferredTranslatorFactory())
                .optEngine("MXNet")
                .optArgument("length", "30")
                .optArgument("temperature", 0.8)
                .optArgument("seed", "3")
                .build();
        try (ZooModel<String, String> model = criteria.loadModel();
                Predictor<String, String> predictor = model.newPredictor()) {
            assertEquals(generate(dir, "MXNet", "--prefix", "time traveller", "--length", "30", "--temperature", "0.8",
                    "--seed", "3"), List.of(predictor.predict("time traveller")));
        }
    }

    private static List<String> generate(Path dir, String engine, String... args) {
        List<String> all = new ArrayList<>(List.of("generate", "--checkpoint", dir.toString(), "--engine", engine));
        all.addAll(Arrays.asList(args));
        return cli(all.toArray(String[]::new)).lines().toList();
    }

    private static String cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var commandLine = D2l.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int code = commandLine.execute(args);
        assertEquals(0, code, () -> String.join(" ", args) + "\n" + err);
        return out.toString();
    }
}
