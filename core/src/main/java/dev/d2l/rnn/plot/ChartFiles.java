package dev.d2l.rnn.plot;

import dev.d2l.rnn.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;

/**
 * Charts written to image files, each replaced atomically ({@link AtomicFiles}), so an image
 * viewer watching a file never reads half of one, and a run killed mid-write keeps the previous
 * image.
 */
final class ChartFiles {

    private ChartFiles() {}

    /** Writes {@code chart} to {@code file} as PNG, or as SVG if {@code svg}. */
    static void write(XYChart chart, Path file, boolean svg) throws IOException {
        if (svg) {
            AtomicFiles.write(file, out -> VectorGraphicsEncoder.saveVectorGraphic(chart, out,
                    VectorGraphicsEncoder.VectorGraphicsFormat.SVG));
        } else {
            AtomicFiles.write(file, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
        }
    }

    /**
     * Writes {@code chart} to {@code <base>.png} and {@code <base>.svg}.
     *
     * @return the two files
     */
    static List<Path> writePngAndSvg(XYChart chart, Path base) throws IOException {
        Path png = base.resolveSibling(base.getFileName() + ".png");
        Path svg = base.resolveSibling(base.getFileName() + ".svg");
        write(chart, png, false);
        write(chart, svg, true);
        return List.of(png, svg);
    }
}
