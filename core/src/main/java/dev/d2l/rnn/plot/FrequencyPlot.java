package dev.d2l.rnn.plot;

import dev.d2l.rnn.data.DataException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The log-log plot of frequency against rank of d2l 8.3 (unigrams, bigrams, trigrams). */
public final class FrequencyPlot {

    private FrequencyPlot() {}

    /**
     * A chart with one log-log curve per entry of {@code curves} (legend label to frequencies in
     * rank order, all positive), axes "token: x" and "frequency: n(x)" as in d2l.
     */
    public static XYChart chart(Map<String, int[]> curves, int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("A chart needs a positive size, got " + width + "x" + height);
        }
        XYChart chart = new XYChartBuilder().width(width).height(height)
                .title("Token frequency by rank").xAxisTitle("token: x").yAxisTitle("frequency: n(x)").build();
        chart.getStyler().setXAxisLogarithmic(true).setYAxisLogarithmic(true).setLegendVisible(true);
        curves.forEach((label, frequencies) -> {
            int[] ranks = keptRanks(frequencies);
            if (ranks.length == 0) {
                throw new IllegalArgumentException("The curve '" + label + "' has no frequencies");
            }
            double[] x = new double[ranks.length];
            double[] y = new double[ranks.length];
            for (int i = 0; i < ranks.length; i++) {
                if (frequencies[ranks[i]] <= 0) {
                    throw new IllegalArgumentException("The curve '" + label + "' has frequency "
                            + frequencies[ranks[i]] + " at rank " + (ranks[i] + 1) + "; a log axis needs positive values");
                }
                x[i] = ranks[i] + 1;
                y[i] = frequencies[ranks[i]];
            }
            XYSeries series = chart.addSeries(label, x, y);
            series.setMarker(SeriesMarkers.NONE);
        });
        return chart;
    }

    /**
     * Writes the chart of {@code curves} to {@code file} as PNG or SVG, chosen by the file's
     * extension ({@code .png}, {@code .svg}).
     *
     * @throws IllegalArgumentException for any other extension
     * @throws DataException if the file cannot be written
     */
    public static void save(Map<String, int[]> curves, Path file, int width, int height) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean png = name.endsWith(".png");
        if (!png && !name.endsWith(".svg")) {
            throw new IllegalArgumentException("A plot file must end in .png or .svg, got " + file);
        }
        XYChart chart = chart(curves, width, height);
        try {
            ChartFiles.write(chart, file, !png);
        } catch (IOException e) {
            throw new DataException("Cannot write the plot to " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The ranks worth drawing: the first and last of every run of equal frequency. The curve
     * drawn through them is the same, and the long flat tails (tens of thousands of n-grams seen
     * once) shrink to two points each.
     */
    private static int[] keptRanks(int[] frequencies) {
        return IntStream.range(0, frequencies.length)
                .filter(i -> i == 0 || i == frequencies.length - 1
                        || frequencies[i] != frequencies[i - 1] || frequencies[i] != frequencies[i + 1])
                .toArray();
    }
}
