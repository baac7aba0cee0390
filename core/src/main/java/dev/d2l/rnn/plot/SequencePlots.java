package dev.d2l.rnn.plot;

import dev.d2l.rnn.sequence.Series;
import dev.d2l.rnn.sequence.SineWaveAutoregression;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The three figures of d2l 8.1 as PNG and SVG: the data with the 1-step predictions, the same
 * with the multi-step predictions, and the k-step predictions. Needs no display (run the JVM with
 * {@code -Djava.awt.headless=true} where one is configured but unreachable).
 */
public final class SequencePlots {

    /** File names, without extension, of the three figures. */
    public static final List<String> NAMES = List.of("sequence-1step", "sequence-multistep", "sequence-ksteps");

    private static final int WIDTH = 800;
    private static final int HEIGHT = 400;

    private SequencePlots() {}

    /**
     * Writes the three figures of {@code result} into {@code folder}, created if missing.
     *
     * @return the files written, a PNG and an SVG per figure
     */
    public static List<Path> write(SineWaveAutoregression.Result result, Path folder) throws IOException {
        Files.createDirectories(folder);
        List<XYChart> charts = charts(result);
        List<Path> written = new ArrayList<>();
        for (int i = 0; i < charts.size(); i++) {
            written.addAll(save(charts.get(i), folder.resolve(NAMES.get(i))));
        }
        return written;
    }

    /**
     * Writes one figure of {@code curves} over time, as d2l's {@code plot(time, [x], 'time', 'x')},
     * to {@code base}.png and {@code base}.svg; the folder must exist.
     *
     * @return the two files written
     */
    public static List<Path> plot(Path base, List<Series> curves) throws IOException {
        return save(chart(curves), base);
    }

    private static List<Path> save(XYChart chart, Path base) throws IOException {
        return ChartFiles.writePngAndSvg(chart, base);
    }

    /** The three figures, in the order of {@link #NAMES}. */
    static List<XYChart> charts(SineWaveAutoregression.Result result) {
        return List.of(
                chart(List.of(result.data(), result.oneStep())),
                chart(List.of(result.data(), result.oneStep(), result.multiStep())),
                chart(List.copyOf(result.kSteps().values())));
    }

    /** Lines over the time steps the curves span, as d2l's {@code plot} with its xlim. */
    private static XYChart chart(List<Series> curves) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).xAxisTitle("time").yAxisTitle("x").build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setXAxisDecimalPattern("#");
        float first = Float.MAX_VALUE;
        float last = -Float.MAX_VALUE;
        for (Series curve : curves) {
            XYSeries line = chart.addSeries(curve.label(), curve.time(), curve.values());
            line.setMarker(SeriesMarkers.NONE);
            line.setLineWidth(1.2f);
            first = Math.min(first, curve.time()[0]);
            last = Math.max(last, curve.time()[curve.time().length - 1]);
        }
        chart.getStyler().setXAxisMin((double) first);
        // XChart puts the ticks on data points (1, 40, 79, ...) when the axis ends and all x values
        // are equally spaced; half a step of room on the right gives round ticks instead.
        chart.getStyler().setXAxisMax(last + 0.5);
        return chart;
    }
}
