package dev.d2l.rnn.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Sizes that cannot fit are refused from the options alone, with the numbers. */
class ResourceLimitsTest {

    private static RunOptions options(String... args) {
        RunOptions run = new RunOptions();
        new CommandLine(run).parseArgs(args);
        return run;
    }

    @Test
    void theBooksModelFitsAndTheNumbersOfOneThatDoesNotAreNamed() {
        long gb = 1_000_000_000L;
        ResourceLimits.checkModel(options(), 28, 8 * gb, 2 * gb);
        ResourceLimits.checkModel(options("--model", "lstm", "--hidden", "256", "--layers", "2"), 28, 8 * gb, 2 * gb);

        IllegalArgumentException memory = assertThrows(IllegalArgumentException.class,
                () -> ResourceLimits.checkModel(options("--hidden", "20000"), 28, 4 * gb, 64 * gb));
        // 2 * 28 * 20000 + 20000^2 + 20000 + 28 parameters; 16 bytes each, plus 1120 tokens' activations.
        assertEquals("--model scratch --hidden 20000 with a vocabulary of 28 has 401,140,028 parameters, the largest array"
                + " 400,000,000 (W_hh); training it on minibatches of 32 x 35 takes about 6.7 GB of memory, and this machine has"
                + " 4.0 GB; give a smaller --hidden, --batch-size or --num-steps", memory.getMessage());

        IllegalArgumentException heap = assertThrows(IllegalArgumentException.class,
                () -> ResourceLimits.checkModel(options("--hidden", "20000"), 28, 64 * gb, 2 * gb));
        assertEquals("--model scratch --hidden 20000 with a vocabulary of 28 has 401,140,028 parameters, the largest array"
                + " 400,000,000 (W_hh); drawing its weights and writing its checkpoints takes about 4.8 GB of Java heap, and this"
                + " JVM has 2.0 GB (-Xmx sets it)", heap.getMessage());
    }
}
