package dev.d2l.rnn.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.d2l.rnn.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;

class ChartFilesTest {

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    @TempDir
    Path folder;

    private static XYChart chart(double... perplexities) {
        return PerplexityPlot.chart(Map.of("train", perplexities));
    }

    @Test
    void writesAPngAndAnSvgBesideTheBase() throws Exception {
        List<Path> files = ChartFiles.writePngAndSvg(chart(9, 5, 3), folder.resolve("perplexity"));
        assertEquals(List.of(folder.resolve("perplexity.png"), folder.resolve("perplexity.svg")), files);
        assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(Files.readAllBytes(files.get(0)), 8));
        assertTrue(Files.readString(files.get(1)).contains("<svg"), "not an SVG");
        try (var entries = Files.list(folder)) {
            assertEquals(2, entries.count(), "no partial file is left");
        }
    }

    @Test
    void anImageThatCannotBeWrittenLeavesThePreviousOne() throws Exception {
        Path png = folder.resolve("perplexity.png");
        ChartFiles.write(chart(9, 5), png, false);
        byte[] before = Files.readAllBytes(png);
        Files.createDirectory(AtomicFiles.partial(png));
        assertThrows(IOException.class, () -> ChartFiles.write(chart(9, 5, 3, 2), png, false));
        assertArrayEquals(before, Files.readAllBytes(png));
    }
}
