package dev.d2l.rnn.examples;

import dev.d2l.rnn.io.AtomicFiles;
import dev.d2l.rnn.plot.PerplexityPlot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** One training configuration's results on several engines: a table as text, Markdown and CSV, and one plot. */
final class Comparison {

    private static final String VALID = "best valid perplexity";

    private final List<Row> rows = new ArrayList<>();
    private final boolean validates;
    private final List<String> header;

    /** A table with a column for the best validation perplexity if the runs {@code validate}. */
    Comparison(boolean validate) {
        this.validates = validate;
        List<String> columns = new ArrayList<>(
                List.of("engine", "version", "device", "gradients", "perplexity", "tokens/s", "wall time (s)", "note"));
        if (validate) {
            columns.add(5, VALID);
        }
        this.header = List.copyOf(columns);
    }

    /**
     * An engine's run: its perplexity and validation perplexity per epoch (the latter empty
     * without validation), best validation perplexity (NaN without validation) and speed, or why
     * it did not run ({@code error} not null).
     */
    record Row(String engine, String version, String device, String gradients, double[] perplexities,
            double[] validPerplexities, double validPerplexity, double tokensPerSecond, double seconds, String error) {

        static Row failed(String engine, String error) {
            return new Row(engine, "", "", "", new double[0], new double[0], Double.NaN, Double.NaN, Double.NaN,
                    error.replaceAll("\\s+", " "));
        }

        boolean ok() {
            return error == null;
        }

        double perplexity() {
            return ok() ? perplexities[perplexities.length - 1] : Double.NaN;
        }

        List<String> cells(boolean validated) {
            List<String> cells = new ArrayList<>(ok()
                    ? List.of(engine, version, device, gradients, format("%.3f", perplexity()), format("%.1f", tokensPerSecond),
                            format("%.1f", seconds), "")
                    : List.of(engine, "", "", "", "", "", "", "failed: " + error));
            if (validated) {
                cells.add(5, ok() ? format("%.3f", validPerplexity) : "");
            }
            return cells;
        }
    }

    void add(Row row) {
        rows.add(row);
    }

    List<Row> rows() {
        return rows;
    }

    /** The table in aligned columns, for a terminal. */
    String text() {
        List<List<String>> lines = new ArrayList<>();
        lines.add(header);
        rows.forEach(r -> lines.add(r.cells(validates)));
        int[] widths = new int[header.size()];
        for (List<String> line : lines) {
            for (int i = 0; i < widths.length - 1; i++) {
                widths[i] = Math.max(widths[i], line.get(i).length());
            }
        }
        StringBuilder text = new StringBuilder();
        for (List<String> line : lines) {
            StringBuilder row = new StringBuilder();
            for (int i = 0; i < widths.length; i++) {
                row.append(i < widths.length - 1 ? pad(line.get(i), widths[i] + 2) : line.get(i));
            }
            text.append(row.toString().stripTrailing()).append('\n');
        }
        return text.toString();
    }

    /** The table in Markdown under a heading that records the command that made it. */
    String markdown(String command) {
        StringBuilder md = new StringBuilder("# Engine comparison\n\n`").append(command).append("`\n\n");
        md.append(mdRow(header)).append(mdRow(header.stream().map(h -> "---").collect(Collectors.toList())));
        rows.forEach(r -> md.append(mdRow(r.cells(validates))));
        return md.toString();
    }

    /** The table as CSV with plain numbers: perplexity, tokens per second, seconds. */
    String csv() {
        StringBuilder csv = new StringBuilder("engine,version,device,gradients,perplexity,"
                + (validates ? "best_valid_perplexity," : "") + "tokens_per_sec,wall_seconds,error\n");
        for (Row r : rows) {
            List<String> cells = new ArrayList<>(r.ok()
                    ? List.of(r.engine, r.version, r.device, r.gradients, format("%.6f", r.perplexity()),
                            format("%.1f", r.tokensPerSecond), format("%.3f", r.seconds), "")
                    : List.of(r.engine, "", "", "", "", "", "", r.error));
            if (validates) {
                cells.add(5, r.ok() ? format("%.6f", r.validPerplexity) : "");
            }
            csv.append(cells.stream().map(Comparison::csvCell).collect(Collectors.joining(","))).append('\n');
        }
        return csv.toString();
    }

    /**
     * The plot's curves: per engine that ran, its training perplexity (labelled with the engine's
     * name) or, when the runs validate, "ENGINE train" and "ENGINE valid".
     */
    Map<String, double[]> curves() {
        Map<String, double[]> curves = new LinkedHashMap<>();
        for (Row r : rows) {
            if (!r.ok()) {
                continue;
            }
            if (validates) {
                curves.put(r.engine + " train", r.perplexities);
                curves.put(r.engine + " valid", r.validPerplexities);
            } else {
                curves.put(r.engine, r.perplexities);
            }
        }
        return curves;
    }

    /**
     * The plot's curves as CSV, for plotting elsewhere: a column {@code epoch}, then one per curve
     * (empty past a curve's last epoch).
     */
    String curvesCsv() {
        Map<String, double[]> curves = curves();
        StringBuilder csv = new StringBuilder("epoch");
        curves.keySet().forEach(name -> csv.append(',').append(csvCell(name)));
        csv.append('\n');
        int epochs = curves.values().stream().mapToInt(c -> c.length).max().orElse(0);
        for (int e = 0; e < epochs; e++) {
            csv.append(e + 1);
            for (double[] curve : curves.values()) {
                csv.append(',').append(e < curve.length ? format("%.6f", curve[e]) : "");
            }
            csv.append('\n');
        }
        return csv.toString();
    }

    /**
     * Writes compare.md, compare.csv, perplexity.png/.svg ({@link #curves}) and their figures,
     * perplexity.csv, into {@code folder}.
     */
    void write(Path folder, String command) {
        try {
            Files.createDirectories(folder);
            AtomicFiles.write(folder.resolve("compare.md"), markdown(command).getBytes(StandardCharsets.UTF_8));
            AtomicFiles.write(folder.resolve("compare.csv"), csv().getBytes(StandardCharsets.UTF_8));
            AtomicFiles.write(folder.resolve("perplexity.csv"), curvesCsv().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the comparison into " + folder + ": " + e.getMessage(), e);
        }
        Map<String, double[]> curves = curves();
        if (!curves.isEmpty()) {
            PerplexityPlot.write(folder.resolve("perplexity"), curves);
        }
    }

    private static String mdRow(List<String> cells) {
        return "| " + cells.stream().map(c -> c.replace("|", "\\|")).collect(Collectors.joining(" | ")) + " |\n";
    }

    private static String csvCell(String cell) {
        return cell.contains(",") || cell.contains("\"") || cell.contains("\n")
                ? "\"" + cell.replace("\"", "\"\"") + "\""
                : cell;
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(0, width - s.length()));
    }

    private static String format(String pattern, double value) {
        return String.format(Locale.ROOT, pattern, value);
    }
}
