package dev.d2l.rnn.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** An engine module built where its engine has no natives, as recorded in this module's test resources. */
class LeftOutEngineTest {

    @Test
    void enginesListsItAsLeftOut() {
        Cli.Outcome outcome = Cli.run("engines");
        assertEquals(0, outcome.code(), outcome.toString());
        List<String> lines = outcome.outLines();
        assertTrue(lines.contains("Paddle      -        -       left out of this build: Paddle publishes no natives for linux-riscv64"),
                outcome.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("PyTorch ")), outcome.toString());
    }

    @Test
    void askingForItSaysWhy() {
        Cli.Outcome outcome = Cli.run("train", "--engine", "paddle", "--epochs", "1");
        assertEquals(2, outcome.code(), outcome.toString());
        assertEquals("d2l: The Paddle engine is left out of this build: it publishes no natives for linux-riscv64, "
                + "the platform the build was made for; available: MXNet, PyTorch, TensorFlow", outcome.err().strip());
    }
}
