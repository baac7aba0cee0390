package org.example.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.inference.Predictor;
import ai.djl.metric.Metric;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.DeferredTranslatorFactory;
import dev.d2l.rnn.data.Corpora;
import dev.d2l.rnn.data.Corpus;
import dev.d2l.rnn.data.DatasetStore;
import dev.d2l.rnn.data.Sampling;
import dev.d2l.rnn.data.SeqDataLoader;
import dev.d2l.rnn.data.TokenType;
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
     * through the engine module's provider, offline, and TensorFlow's C++ INFO lines stay off stderr.
     */
    @Test
    void tensorFlowLoadsInAProgramThatCallsOnlyDjl() throws Exception {
        Path dir = runs.resolve("scratch");
        ProcessBuilder builder = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true",
                "-cp", System.getProperty("java.class.path"),
                PredictThroughDjl.class.getName(), dir.toString(), "TensorFlow", "20", "time traveller"))
                .redirectError(runs.resolve("child-stderr.txt").toFile());
        builder.environment().remove("TENSORFLOW_LIBRARY_PATH");
        builder.environment().remove("TF_CPP_MIN_LOG_LEVEL");
        Process child = builder.start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(120, TimeUnit.SECONDS), "the child JVM did not finish");
        String err = Files.readString(runs.resolve("child-stderr.txt"));
        assertEquals(0, child.exitValue(), out + err);
        assertEquals(generate(dir, "TensorFlow", "--prefix", "time traveller", "--length", "20"), out.lines().toList());
        assertFalse(err.contains("This TensorFlow binary is optimized"), "TensorFlow's load-time INFO line: " + err);
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

    /**
     * top-k, top-p and several samples through the Predictor give what {@code d2l generate}
     * prints with the same options; top-k 1 is greedy.
     */
    @ParameterizedTest
    @ValueSource(strings = {"PyTorch", "TensorFlow"})
    void samplingArgumentsMatchGenerate(String engine) throws Exception {
        Path dir = runs.resolve("lstm-bidirectional");
        Criteria<String, String[]> criteria = Criteria.builder()
                .setTypes(String.class, String[].class)
                .optModelPath(dir)
                .optTranslatorFactory(new DeferredTranslatorFactory())
                .optEngine(engine)
                .optArgument("length", 25)
                .optArgument("topK", "5")
                .optArgument("topP", 0.9)
                .optArgument("samples", 3)
                .optArgument("seed", 7)
                .build();
        try (ZooModel<String, String[]> model = criteria.loadModel();
                Predictor<String, String[]> predictor = model.newPredictor()) {
            List<String> texts = List.of(predictor.predict("time traveller"));
            assertEquals(generate(dir, engine, "--prefix", "time traveller", "--length", "25", "--top-k", "5", "--top-p", "0.9",
                    "--samples", "3", "--seed", "7"), texts);
            assertEquals(3, texts.stream().distinct().count(), "three draws of 25 characters differ: " + texts);
        }
        Criteria<String, String> topOne = Criteria.builder()
                .setTypes(String.class, String.class)
                .optModelPath(dir)
                .optTranslatorFactory(new DeferredTranslatorFactory())
                .optEngine(engine)
                .optArgument("length", 25)
                .optArgument("topK", 1)
                .optArgument("temperature", 3)
                .build();
        try (ZooModel<String, String> model = topOne.loadModel();
                Predictor<String, String> predictor = model.newPredictor()) {
            assertEquals(generate(dir, engine, "--prefix", "time traveller", "--length", "25"),
                    List.of(predictor.predict("time traveller")));
        }
    }

    @Test
    void badSamplingArgumentsAreRefusedByName() {
        Path dir = runs.resolve("scratch");
        Map<String, Object> bad = new LinkedHashMap<>();
        bad.put("topP", "1.5");
        bad.put("topK", -1);
        bad.put("samples", 0);
        for (Map.Entry<String, Object> argument : bad.entrySet()) {
            Criteria<String, String[]> criteria = Criteria.builder()
                    .setTypes(String.class, String[].class)
                    .optModelPath(dir)
                    .optTranslatorFactory(new DeferredTranslatorFactory())
                    .optEngine("PyTorch")
                    .optArgument(argument.getKey(), argument.getValue())
                    .build();
            Exception e = assertThrows(Exception.class, criteria::loadModel);
            String messages = causes(e);
            assertTrue(messages.contains(argument.getKey()) && messages.contains(String.valueOf(argument.getValue())),
                    argument + ": " + messages);
        }
        Criteria<String, String> one = Criteria.builder()
                .setTypes(String.class, String.class)
                .optModelPath(dir)
                .optTranslatorFactory(new DeferredTranslatorFactory())
                .optEngine("PyTorch")
                .optArgument("samples", 2)
                .build();
        String messages = causes(assertThrows(Exception.class, one::loadModel));
        assertTrue(messages.contains("String[]"), messages);
    }

    private static String causes(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append(" | ");
        }
        return all.toString();
    }

    /** A folder loaded through {@code Criteria} trains on under DJL's own {@code Trainer}, loss and SGD. */
    @ParameterizedTest
    @ValueSource(strings = {"PyTorch", "MXNet"})
    void aLoadedModelTrainsOnUnderDjlsTrainer(String engine) throws Exception {
        Corpus corpus = Corpora.loadCorpusTimeMachine(DatasetStore.standard(), TokenType.CHAR, 10_000);
        SeqDataLoader data = new SeqDataLoader(corpus.indices(), 32, 35, Sampling.RANDOM, 42);
        Criteria<String, String> criteria = Criteria.builder()
                .setTypes(String.class, String.class)
                .optModelPath(runs.resolve("rnn-relu"))
                .optTranslatorFactory(new DeferredTranslatorFactory())
                .optEngine(engine)
                .build();
        List<Metric> losses;
        try (ZooModel<String, String> model = criteria.loadModel()) {
            losses = DjlTrainerTest.epochLosses(model, data, 5);
        }
        assertEquals(5, losses.size());
        double first = losses.get(0).getValue();
        double last = losses.get(4).getValue();
        assertTrue(last < 0.95 * first, "cross-entropy after 1 epoch " + first + ", after 5 " + last);
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
