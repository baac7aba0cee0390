package dev.d2l.rnn.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.d2l.rnn.sequence.Series;
import dev.d2l.rnn.sequence.SineWave;
import dev.d2l.rnn.sequence.SineWaveAutoregression;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.w3c.dom.Element;

class SequencePlotsTest {

    @TempDir
    Path folder;

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    private static DocumentBuilder svgParser() throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        // The SVG names the W3C's DTD; tests run offline.
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        return factory.newDocumentBuilder();
    }

    /** The curve of {@code values}, the first of which belongs to time step {@code firstTime}. */
    private static Series series(String label, int firstTime, float[] values) {
        float[] time = new float[values.length];
        for (int i = 0; i < time.length; i++) {
            time[i] = firstTime + i;
        }
        return new Series(label, time, values);
    }

    @Test
    void writesThreeFiguresAsPngAndSvgWithLegendsAndAxisTitles() throws Exception {
        float[] x = SineWave.sample(200, 0.2f, new Random(1));
        Map<Integer, Series> kSteps = new LinkedHashMap<>();
        for (int k : new int[] {1, 4}) {
            kSteps.put(k, series(k + "-step preds", 4 + k, new float[193]));
        }
        SineWaveAutoregression.Result result = new SineWaveAutoregression.Result("none", "bptt",
                new float[] {0.1f}, series("data", 1, x), series("1-step preds", 5, new float[196]),
                series("multistep preds", 105, new float[96]), kSteps, 0.05, 0.5, Map.of(1, 0.05, 4, 0.07));

        List<Path> files = SequencePlots.write(result, folder.resolve("plots"));

        assertEquals(6, files.size());
        for (String name : SequencePlots.NAMES) {
            BufferedImage png = ImageIO.read(folder.resolve("plots").resolve(name + ".png").toFile());
            assertEquals(800, png.getWidth());
            assertEquals(400, png.getHeight());
            Element svg = svgParser().parse(folder.resolve("plots").resolve(name + ".svg").toFile()).getDocumentElement();
            assertEquals("svg", svg.getTagName());
            assertEquals("800px", svg.getAttribute("width"));
        }
        List<XYChart> charts = SequencePlots.charts(result);
        assertEquals(List.of("data", "1-step preds"), List.copyOf(charts.get(0).getSeriesMap().keySet()));
        assertEquals(List.of("data", "1-step preds", "multistep preds"),
                List.copyOf(charts.get(1).getSeriesMap().keySet()));
        assertEquals(List.of("1-step preds", "4-step preds"), List.copyOf(charts.get(2).getSeriesMap().keySet()));
        for (XYChart chart : charts) {
            assertEquals("time", chart.getXAxisTitle());
            assertEquals("x", chart.getYAxisTitle());
            assertEquals(200.5, chart.getStyler().getXAxisMax());
        }
        assertEquals(1.0, charts.get(0).getStyler().getXAxisMin());
        assertEquals(5.0, charts.get(2).getStyler().getXAxisMin());
    }
}
