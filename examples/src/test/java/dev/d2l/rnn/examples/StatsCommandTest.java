package dev.d2l.rnn.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** d2l stats: the figures of d2l 8.3 for The Time Machine. */
class StatsCommandTest {

    @TempDir
    Path folder;

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    @Test
    void theTimeMachinesWordStatisticsAsInTheBook() throws Exception {
        Cli.assumeDatasets();
        Cli.Outcome outcome = Cli.run("stats", "--top", "3", "--output", folder.toString());
        assertEquals(0, outcome.code(), outcome.toString());
        List<String> lines = outcome.outLines();
        assertEquals("unigrams: 32,775 in all, 4,579 distinct", lines.get(0));
        assertEquals(List.of("'the'", "2,261"), List.of(lines.get(1).trim().split("\\s+")));
        assertEquals(List.of("'i'", "1,267"), List.of(lines.get(2).trim().split("\\s+")));
        assertEquals("bigrams: 32,774 in all, 20,234 distinct", lines.get(4));
        assertEquals(List.of("'of", "the'", "309"), List.of(lines.get(5).trim().split("\\s+")));
        assertEquals("trigrams: 32,773 in all, 29,882 distinct", lines.get(8));
        assertEquals(List.of("'the", "time", "traveller'", "59"), List.of(lines.get(9).trim().split("\\s+")));
        assertEquals("Zipf's law: n(x) ~ x^-alpha with alpha 1.038 (least squares on log-log, ranks 6 to 4579)", lines.get(12));
        assertNotNull(ImageIO.read(folder.resolve("frequency.png").toFile()));
        assertTrue(Files.readString(folder.resolve("frequency.svg")).contains("<svg"));
    }

    @Test
    void charactersOfAnyTextFile() throws Exception {
        Path text = Files.writeString(folder.resolve("abc.txt"), "abcabcab\n");
        Cli.Outcome outcome = Cli.run("stats", "--dataset", text.toString(), "--tokens", "char", "--top", "2",
                "--output", folder.resolve("plots").toString());
        assertEquals(0, outcome.code(), outcome.toString());
        List<String> lines = outcome.outLines();
        assertEquals("unigrams: 8 in all, 3 distinct", lines.get(0));
        assertEquals(List.of("'a'", "3"), List.of(lines.get(1).trim().split("\\s+")));
        assertEquals(List.of("'ab'", "3"), List.of(lines.get(4).trim().split("\\s+")));
        assertTrue(Files.size(folder.resolve("plots/frequency.png")) > 0);
    }
}
