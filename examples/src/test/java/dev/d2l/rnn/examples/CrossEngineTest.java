package dev.d2l.rnn.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same start on every engine: compare, and checkpoints that move between engines. */
class CrossEngineTest {

    @TempDir
    Path folder;

    @BeforeAll
    static void headlessWithDatasets() {
        Cli.headlessWithDatasets();
    }

    /** compare.csv's rows by engine, each as column name to value. */
    private static Map<String, Map<String, String>> rows(Path csv) throws Exception {
        List<String> lines = Files.readAllLines(csv);
        List<String> header = cells(lines.get(0));
        Map<String, Map<String, String>> rows = new LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            List<String> cells = cells(line);
            assertEquals(header.size(), cells.size(), line);
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) {
                row.put(header.get(i), cells.get(i));
            }
            rows.put(cells.get(0), row);
        }
        return rows;
    }

    /** The cells of a CSV line (RFC 4180 quoting, no line breaks inside cells). */
    private static List<String> cells(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                cell.append('"');
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString());
        return cells;
    }

    @Test
    void everyEngineStartsAlikeAndAgreesAfterAnEpoch() throws Exception {
        Path output = folder.resolve("compare");
        Cli.Outcome outcome = Cli.tiny("compare", "--epochs", "1", "--output", output.toString());
        assertEquals(0, outcome.code(), outcome.toString());

        Map<String, Map<String, String>> rows = rows(output.resolve("compare.csv"));
        assertEquals(List.of("MXNet", "PyTorch", "TensorFlow"), List.copyOf(rows.keySet()));
        for (String engine : rows.keySet()) {
            assertEquals("bptt", rows.get(engine).get("gradients"), engine + ": the scratch model's faster source everywhere");
        }
        double pytorch = Double.parseDouble(rows.get("PyTorch").get("perplexity"));
        double mxnet = Double.parseDouble(rows.get("MXNet").get("perplexity"));
        double tensorflow = Double.parseDouble(rows.get("TensorFlow").get("perplexity"));
        assertTrue(pytorch > 5 && pytorch < 40, "a character model's perplexity after an epoch: " + pytorch);
        assertEquals(pytorch, mxnet, 0.01 * pytorch, "PyTorch and MXNet after one epoch");
        assertEquals(pytorch, tensorflow, 0.01 * pytorch, "PyTorch and TensorFlow after one epoch");
        for (Map<String, String> row : rows.values()) {
            assertEquals("cpu()", row.get("device"));
            assertTrue(Double.parseDouble(row.get("tokens_per_sec")) > 0 && Double.parseDouble(row.get("wall_seconds")) > 0, row.toString());
            assertEquals("", row.get("error"));
        }

        String table = Files.readString(output.resolve("compare.md"));
        assertTrue(table.contains("`d2l compare --epochs 1 --output " + output + " --max-tokens 2000 "), "the command that made it: " + table);
        assertTrue(table.contains("| engine | version | device | gradients | perplexity | tokens/s | wall time (s) | note |"), table);
        assertTrue(table.contains(String.format(java.util.Locale.ROOT, "| PyTorch | 2.7.1 | cpu() | bptt | %.3f |", pytorch)), table);
        assertTrue(outcome.out().contains("TensorFlow  2.16.1   cpu()   bptt"), outcome.out());
        assertNotNull(ImageIO.read(output.resolve("perplexity.png").toFile()));
        assertTrue(Files.readString(output.resolve("perplexity.svg")).contains("<svg"));
    }

    @Test
    void anEngineThatFailsGetsARowSayingWhy() throws Exception {
        Path output = folder.resolve("compare");
        Cli.Outcome outcome;
        AutoCloseable broken = BrokenEngine.install(folder.resolve("classes"));
        try {
            // A name that is no engine at all is a typo, refused before anything trains.
            Cli.Outcome typo = Cli.tiny("compare", "--engines", "broken,caffe", "--epochs", "1", "--output", output.toString());
            assertEquals(2, typo.code(), typo.toString());
            assertTrue(typo.err().startsWith("d2l: Unknown engine 'caffe' in --engines; available: "), typo.err());
            outcome = Cli.tiny("compare", "--engines", "broken", "--epochs", "1", "--output", output.toString());
        } finally {
            broken.close();
        }
        assertEquals(1, outcome.code(), outcome.toString());
        Map<String, Map<String, String>> rows = rows(output.resolve("compare.csv"));
        assertEquals("The Broken engine could not load its native libraries: UnsatisfiedLinkError: " + BrokenEngine.REASON,
                rows.get("Broken").get("error"));
        assertTrue(outcome.err().contains("d2l: Broken: The Broken engine could not load"), outcome.err());
        assertFalse(Files.exists(output.resolve("perplexity.png")), "no engine ran, so there is no curve to draw");
    }

    @Test
    void aCheckpointFromPyTorchGeneratesOnEveryEngine() {
        Path checkpoint = folder.resolve("pytorch");
        // One epoch over 10,000 characters: enough for the greedy text to be more than spaces.
        Cli.Outcome trained = Cli.tiny("train", "--engine", "pytorch", "--epochs", "1", "--max-tokens", "10000", "--hidden", "32",
                "--quiet", "--output", checkpoint.toString());
        assertEquals(0, trained.code(), trained.toString());

        Map<String, String> texts = new LinkedHashMap<>();
        for (String engine : List.of("PyTorch", "MXNet", "TensorFlow")) {
            Cli.Outcome generated = Cli.run("generate", "--checkpoint", checkpoint.toString(), "--engine", engine,
                    "--prefix", "time traveller", "--prefix", "the", "--length", "40");
            assertEquals(0, generated.code(), engine + ": " + generated);
            List<String> lines = generated.outLines();
            assertEquals(2, lines.size(), generated.toString());
            assertTrue(lines.get(0).startsWith("time traveller") && lines.get(0).length() == 14 + 40, lines.get(0));
            assertTrue(lines.get(1).startsWith("the") && lines.get(1).length() == 3 + 40, lines.get(1));
            texts.put(engine, generated.out());
        }
        assertEquals(texts.get("PyTorch"), texts.get("MXNet"));
        assertTrue(texts.get("PyTorch").strip().chars().distinct().count() > 6, "a trained model's text: " + texts.get("PyTorch"));
    }

    @Test
    void aConciseGruCheckpointFromMXNetGeneratesTheSameTextOnPyTorch() {
        Path checkpoint = folder.resolve("gru");
        Cli.Outcome trained = Cli.tiny("train", "--engine", "mxnet", "--model", "gru", "--layers", "2", "--epochs", "1",
                "--max-tokens", "10000", "--hidden", "32", "--quiet", "--output", checkpoint.toString());
        assertEquals(0, trained.code(), trained.toString());
        // train continued "time traveller" by 20 characters (Cli.TINY) with the model it then saved.
        String continued = trained.outLines().get(1) + "\n";
        for (String engine : List.of("MXNet", "PyTorch")) {
            Cli.Outcome generated = Cli.run("generate", "--checkpoint", checkpoint.toString(), "--engine", engine,
                    "--prefix", "time traveller", "--length", "20");
            assertEquals(continued, generated.out(), engine + ": " + generated);
        }
    }

    @Test
    void sampledTextRepeatsWithTheSeedAndGenerateChecksItsPrefix() {
        Path checkpoint = folder.resolve("mxnet");
        assertEquals(0, Cli.tiny("train", "--engine", "mxnet", "--epochs", "1", "--quiet", "--output", checkpoint.toString()).code());
        String[] args = {"generate", "--checkpoint", checkpoint.toString(), "--prefix", "the", "--temperature", "1.5", "--seed", "7"};
        Cli.Outcome first = Cli.run(args);
        assertEquals(0, first.code(), first.toString());
        assertEquals(first.out(), Cli.run(args).out());
        assertFalse(first.out().equals(Cli.run("generate", "--checkpoint", checkpoint.toString(), "--prefix", "the").out()),
                "sampling at T = 1.5 differs from greedy choice");

        Cli.Outcome empty = Cli.run("generate", "--checkpoint", checkpoint.toString(), "--prefix", "");
        assertEquals(2, empty.code());
        assertEquals("d2l: A --prefix is empty: give at least one char token to start from\n", empty.err());
    }
}
