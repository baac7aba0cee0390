package dev.d2l.rnn.examples;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;

/** Runs the d2l command line in-process and keeps what it printed. */
final class Cli {

    /** Options for a training run that takes a second or two: a small model on 2,000 characters. */
    static final List<String> TINY = List.of("--max-tokens", "2000", "--hidden", "16", "--batch-size", "8",
            "--num-steps", "10", "--length", "20");

    private Cli() {}

    /**
     * Skips the calling test unless {@code D2L_DATA_DIR} names a folder holding the book's
     * datasets: tests never download, and CI provides the folder when it has it.
     */
    static void assumeDatasets() {
        String dir = System.getProperty("D2L_DATA_DIR", System.getenv("D2L_DATA_DIR"));
        assumeTrue(dir != null && Files.isRegularFile(Path.of(dir, "timemachine.txt")),
                "D2L_DATA_DIR does not name a folder holding timemachine.txt");
    }

    /** For a test class of runs that write figures: no display, and the datasets or the class is skipped. */
    static void headlessWithDatasets() {
        System.setProperty("java.awt.headless", "true");
        assumeDatasets();
    }

    /** Exit code, standard output and standard error of one run. */
    record Outcome(int code, String out, String err) {

        List<String> outLines() {
            return out.lines().toList();
        }

        @Override
        public String toString() {
            return "exit " + code + "\n--- out:\n" + out + "--- err:\n" + err;
        }
    }

    static Outcome run(String... args) {
        CommandLine commandLine = D2l.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int code = commandLine.execute(args);
        return new Outcome(code, out.toString(), err.toString());
    }

    /** {@code args} followed by those of the tiny training options that {@code args} does not give. */
    static Outcome tiny(String... args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        for (int i = 0; i < TINY.size(); i += 2) {
            if (!all.contains(TINY.get(i))) {
                all.addAll(TINY.subList(i, i + 2));
            }
        }
        return run(all.toArray(String[]::new));
    }
}
