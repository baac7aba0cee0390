package dev.d2l.rnn.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every error is one line on stderr, {@code d2l: <message>}, and exit code 2; a stack trace only with --verbose. */
class CommandErrorsTest {

    @TempDir
    Path folder;

    private static void assertOneLineError(Cli.Outcome outcome, String expected) {
        assertEquals(2, outcome.code(), outcome.toString());
        assertEquals(List.of("d2l: " + expected), outcome.err().lines().toList(), outcome.toString());
    }

    private static void assertErrorStartsWith(Cli.Outcome outcome, String start) {
        assertEquals(2, outcome.code(), outcome.toString());
        assertEquals(1, outcome.err().lines().count(), outcome.toString());
        assertTrue(outcome.err().startsWith("d2l: " + start), outcome.toString());
    }

    @Test
    void anUnknownEngineListsTheAvailableOnes() {
        assertOneLineError(Cli.run("train", "--engine", "caffe"), "Unknown engine 'caffe'; available: MXNet, PyTorch, TensorFlow");
        assertOneLineError(Cli.run("generate", "--checkpoint", folder.toString(), "--prefix", "x", "--engine", "caffe"),
                "No checkpoint in " + folder + ": it has no checkpoint.txt");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--verbose", "before"})
    void verboseAddsTheStackTraceWhereverItIsGiven(String where) {
        Cli.Outcome outcome = where.equals("before")
                ? Cli.run("--verbose", "train", "--engine", "caffe")
                : Cli.run("train", "--engine", "caffe", "--verbose");
        assertEquals(2, outcome.code());
        List<String> lines = outcome.err().lines().toList();
        assertEquals("d2l: Unknown engine 'caffe'; available: MXNet, PyTorch, TensorFlow", lines.get(0));
        assertEquals("dev.d2l.rnn.engine.EngineUnavailableException: Unknown engine 'caffe'; available: MXNet, PyTorch, TensorFlow",
                lines.get(1));
        assertTrue(lines.get(2).strip().startsWith("at dev.d2l.rnn.engine.Engines."), lines.get(2));
    }

    @Test
    void anEngineWhoseNativesFailToLoadIsNamedWithTheReason() throws Exception {
        AutoCloseable broken = BrokenEngine.install(folder);
        try {
            assertOneLineError(Cli.run("train", "--engine", "broken"),
                    "The Broken engine could not load its native libraries: UnsatisfiedLinkError: " + BrokenEngine.REASON);
        } finally {
            broken.close();
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--hidden|0|--hidden must be positive, got 0",
        "--layers|-1|--layers must be positive, got -1",
        "--epochs|0|--epochs must be positive, got 0",
        "--batch-size|0|--batch-size must be positive, got 0",
        "--num-steps|-3|--num-steps must be positive, got -3",
        "--max-tokens|-1|--max-tokens must be zero or more, got -1",
        "--length|-1|--length must be 0 to 1000000 tokens, got -1",
        "--length|1000001|--length must be 0 to 1000000 tokens, got 1000001",
        "--lr|0|--lr must be positive and finite, got 0.0",
        "--checkpoint-every|-1|--checkpoint-every must be zero or more, got -1",
        "--model|transformer|Invalid value for option '--model': Unknown model 'transformer': use scratch, rnn, gru, lstm; see 'd2l train --help'",
        "--optimizer|rmsprop|Invalid value for option '--optimizer': Unknown optimizer 'rmsprop': use sgd, adam; see 'd2l train --help'",
        "--gradients|magic|Invalid value for option '--gradients': Unknown gradient source 'magic': use auto, autograd, bptt; see 'd2l train --help'",
        "--activation|sigmoid|Invalid value for option '--activation': Unknown activation 'sigmoid': use tanh, relu; see 'd2l train --help'",
        "--prefix|''|A --prefix is empty: give at least one char token to start from",
        "--tokens|word --dataset jaychou|The Jay Chou lyrics come as characters only: use --tokens char",
        "--hidden|100000000|--model scratch --hidden 100000000 has 1.00e+16 parameters, the largest array 1.00e+16 (W_hh): more"
                + " than the 2,147,483,639 elements a Java array holds; give a smaller --hidden",
    })
    void badTrainingOptionsAreRejectedBeforeAnythingRuns(String option, String values, String message) {
        List<String> args = new java.util.ArrayList<>(List.of("train", option));
        args.addAll(values.isEmpty() ? List.of("") : List.of(values.split(" ")));
        assertOneLineError(Cli.run(args.toArray(String[]::new)), message);
    }

    @Test
    void badValuesOfTypedOptionsAreNamedWithTheAllowedOnes() {
        assertOneLineError(Cli.run("train", "--tokens", "byte"),
                "Invalid value for option '--tokens': Unknown token type 'byte'; allowed: word, char; see 'd2l train --help'");
        assertOneLineError(Cli.run("compare", "--sampling", "shuffled"),
                "Invalid value for option '--sampling': Unknown sampling 'shuffled': use random, sequential, batchify; see 'd2l compare --help'");
        assertOneLineError(Cli.run("train", "--hidden", "many"),
                "Invalid value for option '--hidden': 'many' is not an int; see 'd2l train --help'");
        assertOneLineError(Cli.run("train", "--device", "tpu"), "Unknown device 'tpu': use auto, cpu, gpu or gpu:N");
    }

    @Test
    void unknownOptionsAndCommandsGetASuggestion() {
        assertOneLineError(Cli.run("train", "--epoch", "3"),
                "Unknown options: '--epoch', '3' (did you mean --epochs?); see 'd2l train --help'");
        assertErrorStartsWith(Cli.run("trian"), "Unmatched argument at index 0: 'trian' (did you mean train?)");
        assertOneLineError(Cli.run("generate", "--prefix", "x"), "Missing required option: '--checkpoint=DIR'; see 'd2l generate --help'");
    }

    @Test
    void missingAndCorruptCheckpoints() throws Exception {
        Path missing = folder.resolve("missing");
        assertOneLineError(Cli.run("generate", "--checkpoint", missing.toString(), "--prefix", "the"),
                "No checkpoint at " + missing + ": there is no such folder");
        assertOneLineError(Cli.run("train", "--resume", missing.toString()), "No checkpoint at " + missing + ": there is no such folder");
        Files.writeString(folder.resolve("checkpoint.txt"), "snapshot snapshot-1\n");
        assertOneLineError(Cli.run("generate", "--checkpoint", folder.toString(), "--prefix", "the"),
                "The checkpoint in " + folder + " is corrupt: checkpoint.txt does not name a snapshot and the SHA-256 of each of "
                        + "[parameters.ndlist, vocab.txt, settings.txt]");
    }

    @Test
    void badStatsAndGenerateOptions() {
        assertOneLineError(Cli.run("stats", "--top", "0"), "--top must be positive, got 0");
        assertOneLineError(Cli.run("generate", "--checkpoint", folder.toString(), "--prefix", "x", "--temperature", "0"),
                "--temperature must be positive and finite, got 0.0");
        assertOneLineError(Cli.run("stats", "--dataset", folder.resolve("none.txt").toString()),
                "No such file: " + folder.resolve("none.txt").toAbsolutePath());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''|train generate compare stats engines",
        "train|--model --dataset --tokens --hidden --layers --epochs --lr --optimizer --clip --sampling --seed --engine --device "
                + "--output --resume --checkpoint-every --quiet --verbose",
        "generate|--checkpoint --prefix --length --temperature --seed --engine --device --verbose",
        "compare|--model --dataset --tokens --hidden --layers --epochs --lr --optimizer --clip --sampling --seed --device "
                + "--engines --output --quiet --verbose",
        "stats|--dataset --tokens --top --output",
        "engines|--device",
    })
    void everyCommandHasHelp(String command, String expectedWords) {
        Cli.Outcome outcome = command.isEmpty() ? Cli.run("--help") : Cli.run(command, "--help");
        assertEquals(0, outcome.code(), outcome.toString());
        assertTrue(outcome.out().startsWith("Usage: d2l" + (command.isEmpty() ? "" : " " + command)), outcome.out());
        for (String word : expectedWords.split(" ")) {
            assertTrue(outcome.out().contains(word), word + " in\n" + outcome.out());
        }
        assertFalse(command.equals("compare") && outcome.out().contains("--engine="), "compare trains on every engine");
        assertEquals("", outcome.err());
    }
}
