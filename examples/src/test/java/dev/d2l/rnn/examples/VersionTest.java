package dev.d2l.rnn.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class VersionTest {

    /** The expected values are the POM's, handed over by Surefire; the CLI reads what the build wrote. */
    @Test
    void versionIsTheBuildsWithItsPlatform() {
        Cli.Outcome outcome = Cli.run("--version");
        assertEquals(0, outcome.code(), outcome.toString());
        assertEquals("d2l-rnn " + System.getProperty("expected.version") + " (natives for " + System.getProperty("expected.platform") + ")",
                outcome.out().strip());
    }
}
