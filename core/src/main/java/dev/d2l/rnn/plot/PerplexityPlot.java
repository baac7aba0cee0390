package dev.d2l.rnn.plot;

import dev.d2l.rnn.train.TrainListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * d2l's {@code Animator} for {@code train_ch8}: perplexity by epoch as a line chart, written as
 * {@code <base>.png} and {@code <base>.svg} and rewritten while training runs, so an image viewer
 * shows the run as it goes. Needs no display (set {@code java.awt.headless=true} on a desktop to
 * keep AWT from starting one).
 *
 * <p>Each file is written beside its final name and renamed over it, so a viewer never reads a
 * half-written image. Not thread-safe.
 */
public final class PerplexityPlot implements TrainListener {

    private static final int WIDTH = 640;
    private static final int HEIGHT = 420;

    private final Path base;
    private final List<Double> perplexities;
    private final List<Double> validPerplexities;
    private final long minIntervalNanos;
    private long lastWrite;
    private boolean written;

    /** A plot at {@code base} (no extension) rewritten at most once a second, and after the last epoch. */
    public PerplexityPlot(Path base) {
        this(base, List.of(), Duration.ofSeconds(1));
    }

    /**
     * @param base the files' path without extension
     * @param earlier perplexities of the epochs before this run (a resumed run), drawn first
     * @param minInterval the shortest time between two rewrites; the last epoch is always written
     */
    public PerplexityPlot(Path base, List<Double> earlier, Duration minInterval) {
        this(base, earlier, List.of(), minInterval);
    }

    /**
     * A plot with the validation perplexity as a second curve, from the epochs that report one.
     *
     * @param earlierValid validation perplexities of the epochs before this run, drawn first
     */
    public PerplexityPlot(Path base, List<Double> earlier, List<Double> earlierValid, Duration minInterval) {
        this.base = base;
        this.perplexities = new ArrayList<>(earlier);
        this.validPerplexities = new ArrayList<>(earlierValid);
        this.minIntervalNanos = minInterval.toNanos();
    }

    @Override
    public void onEpoch(EpochReport report) {
        perplexities.add(report.perplexity());
        if (report.validated()) {
            validPerplexities.add(report.validPerplexity());
        }
        long now = System.nanoTime();
        if (report.epoch() == report.epochs() || !written || now - lastWrite >= minIntervalNanos) {
            Map<String, double[]> curves = new LinkedHashMap<>();
            curves.put("train", curve());
            if (!validPerplexities.isEmpty()) {
                curves.put("valid", validPerplexities.stream().mapToDouble(Double::doubleValue).toArray());
            }
            write(base, curves);
            lastWrite = System.nanoTime();
            written = true;
        }
    }

    /** The perplexity of every epoch so far, earlier runs' first. */
    double[] curve() {
        return perplexities.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /**
     * Writes one chart, creating the folder if needed, with a perplexity curve per entry of {@code curves} (legend label to
     * perplexity of epochs 1, 2, ..., in the map's order) as {@code <base>.png} and {@code <base>.svg}.
     *
     * @throws IllegalArgumentException if a curve is empty
     * @throws UncheckedIOException if a file cannot be written
     */
    public static void write(Path base, Map<String, double[]> curves) {
        XYChart chart = chart(curves);
        for (String extension : List.of(".png", ".svg")) {
            Path file = base.resolveSibling(base.getFileName() + extension);
            try {
                Files.createDirectories(file.toAbsolutePath().getParent());
                ChartFiles.write(chart, file, extension.equals(".svg"));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot write the plot " + file.toAbsolutePath() + ": " + e, e);
            }
        }
    }

    static XYChart chart(Map<String, double[]> curves) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Perplexity").xAxisTitle("epoch").yAxisTitle("perplexity").build();
        chart.getStyler().setLegendVisible(curves.size() > 1 || !curves.containsKey("train"));
        chart.getStyler().setDecimalPattern("#,##0.##");
        for (Map.Entry<String, double[]> curve : curves.entrySet()) {
            double[] perplexities = curve.getValue();
            if (perplexities.length == 0) {
                throw new IllegalArgumentException("The curve '" + curve.getKey() + "' has no epochs");
            }
            // An epoch whose mean loss overflows exp() has an infinite perplexity, which no axis can show.
            int[] epochs = IntStream.range(0, perplexities.length).filter(i -> Double.isFinite(perplexities[i])).toArray();
            double[] x = IntStream.of(epochs).mapToDouble(i -> i + 1).toArray();
            double[] y = IntStream.of(epochs).mapToDouble(i -> perplexities[i]).toArray();
            XYSeries series = chart.addSeries(curve.getKey(), x.length == 0 ? new double[] {Double.NaN} : x,
                    y.length == 0 ? new double[] {Double.NaN} : y);
            // Markers only where there are few points: they would hide a long curve.
            if (y.length > 20) {
                series.setMarker(SeriesMarkers.NONE);
            }
        }
        return chart;
    }
}
