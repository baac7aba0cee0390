package dev.d2l.rnn.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.d2l.rnn.data.NGramCounts;
import dev.d2l.rnn.data.ZipfFitTest;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.junit.jupiter.api.io.TempDir;

class FrequencyPlotTest {

    @TempDir
    Path dir;

    private static Map<String, int[]> curves() {
        List<String> words = new ArrayList<>();
        int[] counts = ZipfFitTest.sampledPowerLaw(1.0, 300, 3000, 7);
        for (int rank = 0; rank < counts.length; rank++) {
            for (int c = 0; c < counts[rank]; c++) {
                words.add("w" + ((rank * 7919 + c * 104729) % counts.length));
            }
        }
        Map<String, int[]> curves = new LinkedHashMap<>();
        curves.put("unigram", NGramCounts.of(words, 1).frequencies());
        curves.put("bigram", NGramCounts.of(words, 2).frequencies());
        curves.put("trigram", NGramCounts.of(words, 3).frequencies());
        return curves;
    }

    @Test
    void writesAPngOfTheRequestedSize() throws Exception {
        Path png = dir.resolve("zipf.png");
        FrequencyPlot.save(curves(), png, 640, 480);
        BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image, "ImageIO cannot decode " + png);
        assertEquals(640, image.getWidth());
        assertEquals(480, image.getHeight());
        Set<Integer> colours = new HashSet<>();
        for (int x = 0; x < image.getWidth(); x += 2) {
            for (int y = 0; y < image.getHeight(); y += 2) {
                colours.add(image.getRGB(x, y));
            }
        }
        assertTrue(colours.size() > 10, "the image is nearly blank: " + colours.size() + " colours");
    }

    @Test
    void writesAnSvgOfTheRequestedSize() throws Exception {
        Path svg = dir.resolve("zipf.svg");
        FrequencyPlot.save(curves(), svg, 640, 480);
        String text = Files.readString(svg);
        // XChart draws text as outlines, so labels cannot be found in the file; the chart test checks them.
        assertTrue(text.contains("<svg") && text.contains("width=\"640px\"") && text.contains("height=\"480px\""),
                text.substring(0, Math.min(400, text.length())));
        assertTrue(text.split("<path").length > 10, "the SVG draws next to nothing");
    }

    @Test
    void theChartIsLogLogWithD2lsLabelsAndOneCurvePerTable() {
        XYChart chart = FrequencyPlot.chart(curves(), 640, 480);
        assertEquals(List.of("unigram", "bigram", "trigram"), List.copyOf(chart.getSeriesMap().keySet()));
        assertEquals("token: x", chart.getXAxisTitle());
        assertEquals("frequency: n(x)", chart.getYAxisTitle());
        assertTrue(chart.getStyler().isXAxisLogarithmic() && chart.getStyler().isYAxisLogarithmic());
        assertTrue(chart.getStyler().isLegendVisible());
    }

    @Test
    void rejectsUnknownFormatsAndNonPositiveFrequencies() {
        assertThrows(IllegalArgumentException.class, () -> FrequencyPlot.save(curves(), dir.resolve("z.gif"), 64, 48));
        assertThrows(IllegalArgumentException.class,
                () -> FrequencyPlot.save(Map.of("bad", new int[] {3, 0}), dir.resolve("z.png"), 64, 48));
    }
}
