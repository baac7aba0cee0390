package dev.d2l.rnn.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.d2l.rnn.train.TrainListener;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;

class PerplexityPlotTest {

    @TempDir
    Path dir;

    private static TrainListener.EpochReport epoch(int epoch, int epochs, double perplexity) {
        return new TrainListener.EpochReport(epoch, epochs, perplexity, 1000, 100, null);
    }

    @Test
    void writesAPngAndAnSvgAfterTheFirstAndTheLastEpoch() throws Exception {
        PerplexityPlot plot = new PerplexityPlot(dir.resolve("perplexity"), List.of(), Duration.ofHours(1));
        plot.onEpoch(epoch(1, 4, 27.0));
        Path png = dir.resolve("perplexity.png");
        Path svg = dir.resolve("perplexity.svg");
        assertTrue(Files.size(png) > 0 && Files.size(svg) > 0);
        Files.delete(png);
        plot.onEpoch(epoch(2, 4, 14.0));
        plot.onEpoch(epoch(3, 4, 9.0));
        assertFalse(Files.exists(png), "rewritten before the interval passed");
        plot.onEpoch(epoch(4, 4, 7.5));

        BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image, "ImageIO cannot decode " + png);
        assertEquals(640, image.getWidth());
        String text = Files.readString(svg);
        assertTrue(text.contains("<svg") && text.strip().endsWith("</svg>"), "a complete SVG document");
        try (var files = Files.list(dir)) {
            assertEquals(List.of("perplexity.png", "perplexity.svg"), files.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no temporary files are left");
        }
    }

    @Test
    void aResumedRunDrawsTheEarlierEpochsFirst() {
        PerplexityPlot plot = new PerplexityPlot(dir.resolve("p"), List.of(20.0, 10.0), Duration.ZERO);
        plot.onEpoch(epoch(3, 3, 5.0));
        assertArrayEquals(new double[] {20, 10, 5}, plot.curve());
    }

    @Test
    void oneCurvePerEngineWithALegend() {
        Map<String, double[]> curves = new LinkedHashMap<>();
        curves.put("MXNet", new double[] {20, 10});
        curves.put("PyTorch", new double[] {20.1, 10.1});
        XYChart chart = PerplexityPlot.chart(curves);
        assertEquals(List.of("MXNet", "PyTorch"), List.copyOf(chart.getSeriesMap().keySet()));
        assertArrayEquals(new double[] {1, 2}, chart.getSeriesMap().get("PyTorch").getXData());
        assertTrue(chart.getStyler().isLegendVisible());
        assertThrows(IllegalArgumentException.class, () -> PerplexityPlot.chart(Map.of("empty", new double[0])));
    }

    @Test
    void infinitePerplexitiesAreLeftOut() throws Exception {
        Map<String, double[]> curves = new LinkedHashMap<>();
        curves.put("diverging", new double[] {20, Double.POSITIVE_INFINITY, 8});
        curves.put("diverged", new double[] {Double.POSITIVE_INFINITY});
        XYChart chart = PerplexityPlot.chart(curves);
        assertArrayEquals(new double[] {1, 3}, chart.getSeriesMap().get("diverging").getXData());
        assertArrayEquals(new double[] {20, 8}, chart.getSeriesMap().get("diverging").getYData());
        PerplexityPlot.write(dir.resolve("p"), curves);
        assertNotNull(ImageIO.read(dir.resolve("p.png").toFile()));
    }
}
