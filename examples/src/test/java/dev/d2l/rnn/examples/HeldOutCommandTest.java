package dev.d2l.rnn.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.d2l.rnn.checkpoint.Checkpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** d2l train and compare with validation and test parts, patience and learning-rate schedules. */
class HeldOutCommandTest {

    private static final Pattern EPOCH = Pattern.compile(
            "epoch (\\d+), perplexity \\d+\\.\\d{3}, valid perplexity (\\d+\\.\\d{3}), lr (\\S+), \\d+\\.\\d tokens/sec");
    private static final Pattern SUMMARY = Pattern.compile("perplexity \\d+\\.\\d{3}, valid perplexity (\\d+\\.\\d{3}) "
            + "\\(best, epoch (\\d+)\\), test perplexity (\\d+\\.\\d{3}), \\d+\\.\\d tokens/sec on PyTorch \\S+, cpu\\(\\)");

    @TempDir
    Path folder;

    @BeforeAll
    static void headlessWithDatasets() {
        Cli.headlessWithDatasets();
    }

    private static Cli.Outcome heldOut(String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("train", "--max-tokens", "4000", "--valid-fraction", "0.2",
                "--test-fraction", "0.1", "--eval-batch-size", "4", "--sample-every", "1", "--length", "5"));
        args.addAll(List.of(more));
        return Cli.tiny(args.toArray(String[]::new));
    }

    @Test
    void everyEpochIsValidatedAndTheSummaryTestsTheBestEpoch() throws Exception {
        Path run = folder.resolve("run");
        Cli.Outcome outcome = heldOut("--epochs", "4", "--lr", "4", "--anneal", "4", "--output", run.toString());
        assertEquals(0, outcome.code(), outcome.toString());
        List<String> lines = outcome.outLines();
        double[] valid = new double[4];
        double[] rates = new double[4];
        for (int e = 0; e < 4; e++) {
            Matcher m = EPOCH.matcher(lines.get(e));
            assertTrue(m.lookingAt(), lines.get(e));
            assertEquals(e + 1, Integer.parseInt(m.group(1)));
            valid[e] = Double.parseDouble(m.group(2));
            rates[e] = Double.parseDouble(m.group(3));
        }
        Matcher summary = SUMMARY.matcher(lines.get(4));
        assertTrue(summary.matches(), lines.get(4));
        int bestEpoch = Integer.parseInt(summary.group(2));
        double lowest = Double.MAX_VALUE;
        for (double v : valid) {
            lowest = Math.min(lowest, v);
        }
        assertEquals(lowest, valid[bestEpoch - 1]);
        assertEquals(String.format(Locale.ROOT, "%.3f", lowest), summary.group(1));
        // word_language_model's rule: divided by 4 after every epoch that did not improve.
        assertEquals(4, rates[0]);
        for (int e = 1; e < 4; e++) {
            double best = Double.MAX_VALUE;
            for (int before = 0; before < e - 1; before++) {
                best = Math.min(best, valid[before]);
            }
            assertEquals(valid[e - 1] < best ? rates[e - 1] : rates[e - 1] / 4, rates[e], 1e-9, "epoch " + (e + 1));
        }

        Checkpoint latest = Checkpoint.load(run);
        Checkpoint best = Checkpoint.load(run.resolve(Checkpointer.BEST));
        assertEquals(String.valueOf(bestEpoch), best.settings().get(Checkpointer.BEST_EPOCH));
        assertEquals(4, Checkpointer.validPerplexities(latest).size());
        assertEquals(4, Checkpointer.learningRates(latest).size());
        // The test figure is that of the best checkpoint's parameters, whichever engine computes it.
        Cli.Outcome again = Cli.run("train", "--resume", run.resolve(Checkpointer.BEST).toString(), "--epochs",
                String.valueOf(bestEpoch + 1), "--quiet", "--output", folder.resolve("next").toString());
        assertEquals(0, again.code(), again.toString());
        assertTrue(Files.exists(run.resolve("perplexity.png")));
    }

    @Test
    void patienceStopsTheRunAndTheCheckpointKeepsItsLastEpoch() {
        Path run = folder.resolve("run");
        // lr 1e-30 moves no float32 weight: no epoch after the first improves on it.
        Cli.Outcome outcome = heldOut("--epochs", "10", "--lr", "1e-30", "--patience", "2", "--quiet", "--output", run.toString());
        assertEquals(0, outcome.code(), outcome.toString());
        assertEquals("stopped after epoch 3: no better validation perplexity in the last 2 epochs", outcome.outLines().get(0));
        Matcher summary = SUMMARY.matcher(outcome.outLines().get(1));
        assertTrue(summary.matches(), outcome.toString());
        assertEquals("1", summary.group(2));
        assertEquals(3, Checkpointer.epochsDone(Checkpoint.load(run)));
        Cli.Outcome again = Cli.run("train", "--resume", run.toString(), "--epochs", "10", "--quiet");
        assertEquals(0, again.code(), again.toString());
        assertTrue(again.err().contains("stopped at epoch 3, 2 epochs after its best validation perplexity (epoch 1)"), again.err());
        assertEquals(3, Checkpointer.epochsDone(Checkpoint.load(run)));
    }

    @Test
    void aResumedScheduleContinuesExactly() throws Exception {
        Path straight = folder.resolve("straight");
        Path stopped = folder.resolve("stopped");
        String[] schedule = {"--lr", "4", "--anneal", "2", "--lr-decay", "0.8", "--lr-decay-after", "1", "--quiet"};
        assertEquals(0, heldOut(with(schedule, "--epochs", "4", "--output", straight.toString())).code());
        assertEquals(0, heldOut(with(schedule, "--epochs", "2", "--output", stopped.toString())).code());
        Cli.Outcome resumed = Cli.run("train", "--resume", stopped.toString(), "--epochs", "4", "--quiet");
        assertEquals(0, resumed.code(), resumed.toString());
        Checkpoint a = Checkpoint.load(straight);
        Checkpoint b = Checkpoint.load(stopped);
        assertEquals(Checkpointer.learningRates(a), Checkpointer.learningRates(b));
        assertEquals(Checkpointer.validPerplexities(a), Checkpointer.validPerplexities(b));
        assertArrayEquals(Files.readAllBytes(snapshot(straight)), Files.readAllBytes(snapshot(stopped)));
    }

    @Test
    void theComparisonHasAValidationColumnAndCurve() throws Exception {
        Path output = folder.resolve("compare");
        Cli.Outcome outcome = Cli.tiny("compare", "--engines", "pytorch,mxnet", "--epochs", "2", "--max-tokens", "4000",
                "--valid-fraction", "0.2", "--eval-batch-size", "4", "--quiet", "--output", output.toString());
        assertEquals(0, outcome.code(), outcome.toString());
        String table = Files.readString(output.resolve("compare.md"));
        assertTrue(table.contains("| engine | version | device | gradients | perplexity | best valid perplexity | tokens/s |"), table);
        assertTrue(Files.size(output.resolve("perplexity.svg")) > 0);
        List<String> curves = Files.readAllLines(output.resolve("perplexity.csv"));
        assertEquals("epoch,PyTorch train,PyTorch valid,MXNet train,MXNet valid", curves.get(0));
        assertEquals(3, curves.size(), "two epochs: " + curves);
        List<String> rows = Files.readAllLines(output.resolve("compare.csv"));
        for (int engine = 0; engine < 2; engine++) {
            double[] valid = new double[2];
            for (int e = 0; e < 2; e++) {
                valid[e] = Double.parseDouble(curves.get(e + 1).split(",")[2 + 2 * engine]);
            }
            // compare.csv: engine,version,device,gradients,perplexity,best_valid_perplexity,...
            String[] row = rows.get(1 + engine).split(",");
            assertEquals(Double.parseDouble(row[5]), Math.min(valid[0], valid[1]), 1e-6, "the best of the valid curve");
            assertEquals(Double.parseDouble(row[4]), Double.parseDouble(curves.get(2).split(",")[1 + 2 * engine]), 1e-6,
                    "the train curve ends at the table's perplexity");
        }
    }

    @Test
    void optionsThatNeedValidationSaySo() {
        Cli.Outcome outcome = Cli.tiny("train", "--epochs", "1", "--anneal", "4");
        assertEquals(2, outcome.code(), outcome.toString());
        assertTrue(outcome.err().contains("--anneal needs a validation part: give --valid-fraction"), outcome.err());
        Cli.Outcome tooShort = Cli.tiny("train", "--epochs", "1", "--valid-fraction", "0.001");
        assertEquals(2, tooShort.code(), tooShort.toString());
        assertTrue(tooShort.err().contains("The valid part: Held-out part of 2 tokens is too short for 10 columns"), tooShort.err());
    }

    private static String[] with(String[] base, String... more) {
        List<String> all = new java.util.ArrayList<>(List.of(base));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    private static Path snapshot(Path run) throws Exception {
        String name = Files.readAllLines(run.resolve(Checkpoint.INDEX)).stream().filter(l -> l.startsWith("snapshot "))
                .findFirst().orElseThrow().substring("snapshot ".length());
        return run.resolve(name).resolve("parameters.ndlist");
    }
}
