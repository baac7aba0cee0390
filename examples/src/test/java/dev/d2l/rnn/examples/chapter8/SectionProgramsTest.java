package dev.d2l.rnn.examples.chapter8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every section program runs in this JVM on every engine with its shortest settings (one epoch),
 * and prints what the book prints where the book fixes it: The Time Machine's lines, tokens,
 * vocabulary, sizes and n-gram counts, the samplers' minibatches, the shapes of 8.5 and 8.6.
 */
class SectionProgramsTest {

    private static final Pattern SUMMARY = Pattern.compile("perplexity (\\d+\\.\\d), \\d+\\.\\d tokens/sec on cpu\\(\\)");
    private static final Pattern NUMBER = Pattern.compile("\\d+(\\.\\d*)?");

    @TempDir
    Path folder;

    @BeforeAll
    static void needsTheTimeMachine() {
        System.setProperty("java.awt.headless", "true");
        String dir = System.getProperty("D2L_DATA_DIR", System.getenv("D2L_DATA_DIR"));
        assumeTrue(dir != null && Files.isRegularFile(Path.of(dir, "timemachine.txt")),
                "D2L_DATA_DIR does not name a folder holding timemachine.txt");
    }

    @Test
    void textPreprocessingAsInTheBook() throws Exception {
        List<String> lines = run(Section8_2TextPreprocessing::run);
        assertEquals(List.of(
                "# text lines: 3221",
                "the time machine by h g wells",
                "twinkled and his usually pale face was flushed and animated the",
                "['the', 'time', 'machine', 'by', 'h', 'g', 'wells']",
                "[]", "[]", "[]", "[]", "['i']", "[]", "[]",
                "['the', 'time', 'traveller', 'for', 'so', 'it', 'will', 'be', 'convenient', 'to', 'speak', 'of', 'him']",
                "['was', 'expounding', 'a', 'recondite', 'matter', 'to', 'us', 'his', 'grey', 'eyes', 'shone', 'and']",
                "['twinkled', 'and', 'his', 'usually', 'pale', 'face', 'was', 'flushed', 'and', 'animated', 'the']",
                "[('<unk>', 0), ('the', 1), ('i', 2), ('and', 3), ('of', 4), ('a', 5), ('to', 6), ('was', 7), ('in', 8), ('that', 9)]",
                "words: ['the', 'time', 'machine', 'by', 'h', 'g', 'wells']",
                "indices: [1, 19, 50, 40, 2183, 2184, 400]",
                "words: ['twinkled', 'and', 'his', 'usually', 'pale', 'face', 'was', 'flushed', 'and', 'animated', 'the']",
                "indices: [2186, 3, 25, 1044, 362, 113, 7, 1421, 3, 1045, 1]",
                "(170580, 28)"), lines);
    }

    @ParameterizedTest
    @ValueSource(strings = {"PyTorch", "MXNet", "TensorFlow"})
    void sequenceModels(String engine) throws Exception {
        List<String> lines = run(Section8_1SequenceModels::run, engine, "--epochs", "1");
        assertTrue(lines.get(0).startsWith(engine + " "), lines.get(0));
        assertTrue(lines.contains("features: (996, 4), labels: (996, 1)"), lines.toString());
        // The noise's variance is 0.04: one epoch of Adam brings the MLP close to it.
        double loss = number(find(lines, "epoch 1, loss: "));
        assertTrue(loss > 0.03 && loss < 0.1, "loss " + loss);
        // Errors build up as predictions are fed back in.
        String kSteps = find(lines, "k-step preds MSE for k = 1, 4, 16, 64: ");
        double previous = 0;
        for (String mse : kSteps.substring(kSteps.indexOf(": ") + 2).split(" ")) {
            assertTrue(Double.parseDouble(mse) > previous, kSteps);
            previous = Double.parseDouble(mse);
        }
        assertTrue(number(find(lines, "1-step preds MSE: ")) < 0.1, lines.toString());
        assertFigures("8.1-data", "8.1-1step", "8.1-multistep", "8.1-ksteps");
    }

    @ParameterizedTest
    @ValueSource(strings = {"PyTorch", "MXNet", "TensorFlow"})
    void languageModelsAndTheDataset(String engine) throws Exception {
        List<String> lines = run(Section8_3LanguageModels::run, engine);
        assertEquals("[('the', 2261), ('i', 1267), ('and', 1245), ('of', 1155), ('a', 816), ('to', 695), "
                + "('was', 552), ('in', 541), ('that', 443), ('my', 440)]", lines.get(0));
        assertEquals("[(('of', 'the'), 309), (('in', 'the'), 169), (('i', 'had'), 130), (('i', 'was'), 112), "
                + "(('and', 'the'), 109), (('the', 'time'), 102), (('it', 'was'), 99), (('to', 'the'), 85), "
                + "(('as', 'i'), 78), (('of', 'a'), 73)]", lines.get(2));
        assertEquals("[(('the', 'time', 'traveller'), 59), (('the', 'time', 'machine'), 30), (('the', 'medical', 'man'), 24), "
                + "(('it', 'seemed', 'to'), 16), (('it', 'was', 'a'), 15), (('here', 'and', 'there'), 15), "
                + "(('seemed', 'to', 'me'), 14), (('i', 'did', 'not'), 14), (('i', 'saw', 'the'), 13), "
                + "(('i', 'began', 'to'), 13)]", lines.get(3));
        assertFigures("8.3-unigram-frequency", "8.3-ngram-frequency");

        int random = lines.indexOf("seq_data_iter_random");
        int sequential = lines.indexOf("seq_data_iter_sequential");
        List<int[][]> randomBatches = minibatches(lines.subList(random + 1, sequential));
        List<int[][]> sequentialBatches = minibatches(lines.subList(sequential + 1, lines.size()));

        // Random sampling: disjoint subsequences of 5 from one offset in [0, 4], as many minibatches as fit.
        Set<Integer> starts = new HashSet<>();
        for (int[][] xy : randomBatches) {
            for (int[] row : Arrays.copyOf(xy, 2)) {
                assertTrue(starts.add(row[0]), "subsequence from " + row[0] + " drawn twice");
            }
        }
        int offset = starts.stream().mapToInt(Integer::intValue).min().orElseThrow();
        assertTrue(offset <= 4, "offset " + offset);
        starts.forEach(start -> assertEquals(offset % 5, start % 5, "start " + start));
        assertEquals((35 - offset - 1) / 5 / 2, randomBatches.size());

        // Sequential partitioning: two rows of one split, each minibatch continuing the previous one.
        int first = sequentialBatches.get(0)[0][0];
        int rowLength = (35 - first - 1) / 2;
        assertEquals(rowLength / 5, sequentialBatches.size());
        for (int k = 0; k < sequentialBatches.size(); k++) {
            assertEquals(first + 5 * k, sequentialBatches.get(k)[0][0]);
            assertEquals(first + rowLength + 5 * k, sequentialBatches.get(k)[1][0]);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"PyTorch", "MXNet", "TensorFlow"})
    void rnnFromScratch(String engine) throws Exception {
        List<String> lines = run(Section8_5RNNScratch::run, engine, "--epochs", "1");
        assertTrue(lines.get(0).startsWith(engine + " "), lines.get(0));
        assertEquals("ND: (2, 28) cpu() float32", lines.get(1));
        assertEquals(oneAt(0), numbers(lines.get(2)));
        assertEquals(oneAt(2), numbers(lines.get(3)));
        assertTrue(lines.contains("(5, 2, 28)"), lines.toString());
        assertTrue(lines.contains("(10, 28), 1, (2, 512)"), lines.toString());
        assertEquals(10, continuation(find(lines, "time traveller "), "time traveller "));
        assertTrained(lines, 2);
        assertFigures("8.5-perplexity-sequential", "8.5-perplexity-random");
    }

    @ParameterizedTest
    @ValueSource(strings = {"PyTorch", "MXNet", "TensorFlow"})
    void rnnConcise(String engine) throws Exception {
        List<String> lines = run(Section8_6RNNConcise::run, engine, "--epochs", "1");
        assertEquals("(1, 32, 256)", lines.get(1));
        assertEquals("(35, 32, 256), (1, 32, 256)", lines.get(2));
        assertEquals(10, continuation(lines.get(4), "time traveller"));
        assertTrained(lines, 1);
        assertFigures("8.6-perplexity");
    }

    @ParameterizedTest
    @ValueSource(strings = {"PyTorch", "MXNet", "TensorFlow"})
    void backpropagationThroughTime(String engine) throws Exception {
        List<String> lines = run(Section8_7BPTT::run, engine);
        assertTrue(lines.contains("x: 'the time m', y: 'he time ma' (T = 10, d = q = 28, h = 4, float64)"), lines.toString());
        for (String name : List.of("W_hx", "W_hh", "W_qh")) {
            String[] columns = find(lines, "dL/d" + name + " ").trim().split("\\s+");
            if (engine.equals("TensorFlow")) {
                assertEquals("-", columns[1]);
            } else {
                assertTrue(Double.parseDouble(columns[1]) < 1e-12, name + " against autograd: " + columns[1]);
            }
            assertTrue(Double.parseDouble(columns[2]) < 1e-7, name + " against central differences: " + columns[2]);
        }
        if (engine.equals("TensorFlow")) {
            assertTrue(lines.get(lines.size() - 1).contains("records no gradients"), lines.toString());
            return;
        }
        for (String name : List.of("W_xh", "W_hh", "b_h", "W_hq", "b_q")) {
            String line = find(lines, name + " ");
            double relative = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            assertTrue(relative < 1e-5, line);
        }
    }

    @Test
    void badArgumentsAreNamed() {
        assertEquals("--epochs must be a positive whole number, got '0'",
                assertThrows(IllegalArgumentException.class, () -> Chapter8.Args.parse(new String[] {"--epochs", "0"}, 5))
                        .getMessage());
        assertEquals("Unknown argument '--epoch'; the arguments are [engine] [--epochs N] [--output DIR]",
                assertThrows(IllegalArgumentException.class, () -> Chapter8.Args.parse(new String[] {"--epoch", "3"}, 5))
                        .getMessage());
        Chapter8.Args args = Chapter8.Args.parse(new String[] {"MXNet"}, 500);
        assertEquals("MXNet", args.engine());
        assertEquals(500, args.epochs());
    }

    /** d2l's summary line with a perplexity below the vocabulary's 28 (a uniform guess), then two continuations of 50. */
    private static void assertTrained(List<String> lines, int runs) {
        int seen = 0;
        for (int i = 0; i < lines.size(); i++) {
            Matcher summary = SUMMARY.matcher(lines.get(i));
            if (summary.matches()) {
                seen++;
                assertTrue(Double.parseDouble(summary.group(1)) < 28, lines.get(i));
                assertEquals(50, continuation(lines.get(i + 1), "time traveller"));
                assertEquals(50, continuation(lines.get(i + 2), "traveller"));
            }
        }
        assertEquals(runs, seen, lines.toString());
    }

    private void assertFigures(String... names) throws Exception {
        for (String name : names) {
            assertNotNull(ImageIO.read(folder.resolve(name + ".png").toFile()), name);
            assertTrue(Files.readString(folder.resolve(name + ".svg")).contains("<svg"), name);
        }
    }

    private List<String> run(Chapter8.Section section, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--output", folder.toString()));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        section.run(Chapter8.Args.parse(all.toArray(String[]::new), 1), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private static String find(List<String> lines, String start) {
        return lines.stream().filter(line -> line.startsWith(start)).findFirst()
                .orElseThrow(() -> new AssertionError("No line starts with '" + start + "' in " + lines));
    }

    private static double number(String line) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }

    /** How many tokens follow {@code prefix} in a generated line, {@code <unk>} counted as one. */
    private static int continuation(String line, String prefix) {
        assertTrue(line.startsWith(prefix), line);
        return line.substring(prefix.length()).replace("<unk>", "?").length();
    }

    private static List<Double> oneAt(int index) {
        Double[] row = new Double[28];
        Arrays.fill(row, 0.0);
        row[index] = 1.0;
        return List.of(row);
    }

    private static List<Double> numbers(String line) {
        List<Double> numbers = new ArrayList<>();
        Matcher m = NUMBER.matcher(line);
        while (m.find()) {
            numbers.add(Double.parseDouble(m.group()));
        }
        return numbers;
    }

    /** The X and Y rows printed after each "X: " and "Y: " header: {x0, x1, y0, y1} per minibatch, Y checked to be X + 1. */
    private static List<int[][]> minibatches(List<String> lines) {
        List<int[]> rows = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith("[[") || line.startsWith(" [")) {
                rows.add(numbers(line).stream().mapToInt(Double::intValue).toArray());
            }
        }
        List<int[][]> batches = new ArrayList<>();
        for (int i = 0; i + 4 <= rows.size(); i += 4) {
            int[][] xy = {rows.get(i), rows.get(i + 1), rows.get(i + 2), rows.get(i + 3)};
            for (int r = 0; r < 2; r++) {
                for (int j = 0; j < 5; j++) {
                    assertEquals(xy[r][0] + j, xy[r][j], "X rows are 5 consecutive tokens");
                    assertEquals(xy[r][j] + 1, xy[r + 2][j], "Y is X shifted by one");
                }
            }
            batches.add(xy);
        }
        assertEquals(rows.size(), 4 * batches.size());
        return batches;
    }
}
