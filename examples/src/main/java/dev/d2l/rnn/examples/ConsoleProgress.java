package dev.d2l.rnn.examples;

import dev.d2l.rnn.train.TrainListener;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Shows a training run as d2l does: a line with perplexity, speed and sample every few epochs
 * and after the last. On a terminal a progress bar over the epoch's minibatches runs on the
 * error stream too; elsewhere (a log file, a pipe) only the lines are written. With a log
 * interval, as word_language_model's {@code --log-interval}, a line every so many minibatches
 * gives their perplexity (from the mean of their losses, as word_language_model's), speed and
 * mean gradient norm before clipping (char-rnn's "grad norm").
 */
final class ConsoleProgress implements TrainListener {

    private static final int BAR_WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean terminal;
    private final int batchesPerEpoch;
    private final int epochs;
    private final int every;
    private final int logInterval;
    private long lastDraw;
    private int drawnWidth;
    private final Interval interval = new Interval();

    /**
     * @param terminal whether to draw the progress bar
     * @param batchesPerEpoch the minibatches of an epoch, at most: the bar's length
     * @param epochs the epochs of the run
     * @param every epochs between lines; the last epoch always gets one
     * @param logInterval minibatches between interval lines, counted from each epoch's start; 0 for none
     */
    ConsoleProgress(PrintWriter out, PrintWriter err, boolean terminal, int batchesPerEpoch, int epochs, int every,
            int logInterval) {
        this.out = out;
        this.err = err;
        this.terminal = terminal;
        this.batchesPerEpoch = Math.max(1, batchesPerEpoch);
        this.epochs = epochs;
        this.every = every;
        this.logInterval = logInterval;
    }

    /** Whether this process writes to a terminal, where a progress bar can redraw itself. */
    static boolean onTerminal() {
        return System.console() != null;
    }

    @Override
    public void onBatch(BatchReport report) {
        if (logInterval > 0) {
            logInterval(report);
        }
        long now = System.nanoTime();
        if (!terminal || now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        int done = Math.min(report.batch() + 1, batchesPerEpoch);
        int filled = done * BAR_WIDTH / batchesPerEpoch;
        String bar = String.format(Locale.ROOT, "\repoch %d/%d [%s%s] %d/%d minibatches, loss %.3f", report.epoch(), epochs,
                "=".repeat(filled), " ".repeat(BAR_WIDTH - filled), done, batchesPerEpoch, report.loss());
        drawnWidth = bar.length();
        err.print(bar);
        err.flush();
    }

    @Override
    public void onEpoch(EpochReport report) {
        boolean last = report.epoch() == report.epochs();
        if (!last && report.sample() == null && (every <= 0 || report.epoch() % every != 0)) {
            return;
        }
        clearBar();
        out.printf(Locale.ROOT, "epoch %d, perplexity %.3f%s%s, %.1f tokens/sec%s%n", report.epoch(), report.perplexity(),
                report.validated() ? String.format(Locale.ROOT, ", valid perplexity %.3f", report.validPerplexity()) : "",
                Double.isNaN(report.learningRate()) ? "" : String.format(Locale.ROOT, ", lr %.6g", report.learningRate()),
                report.tokensPerSecond(), report.sample() == null ? "" : ": " + report.sample());
        out.flush();
    }

    private void logInterval(BatchReport report) {
        if (report.epoch() != interval.epoch) {
            interval.reset(report.epoch());
        }
        interval.add(report);
        if ((report.batch() + 1) % logInterval != 0) {
            return;
        }
        clearBar();
        out.printf(Locale.ROOT, "epoch %d, minibatch %d/%d, perplexity %.3f, %.1f tokens/sec%s%n", report.epoch(),
                report.batch() + 1, batchesPerEpoch, Math.exp(interval.loss / interval.batches),
                interval.tokens / interval.seconds, interval.norms == 0 ? ""
                        : String.format(Locale.ROOT, ", gradient norm %.3f", interval.normSum / interval.norms));
        out.flush();
        interval.reset(report.epoch());
    }

    /** The minibatches since the last interval line. */
    private static final class Interval {
        int epoch;
        int batches;
        double loss;
        long tokens;
        double seconds;
        int norms;
        double normSum;

        void reset(int epochNow) {
            epoch = epochNow;
            batches = 0;
            loss = 0;
            tokens = 0;
            seconds = 0;
            norms = 0;
            normSum = 0;
        }

        void add(BatchReport report) {
            batches++;
            loss += report.loss();
            tokens += report.tokens();
            seconds += report.seconds();
            if (!Float.isNaN(report.gradientNorm())) {
                norms++;
                normSum += report.gradientNorm();
            }
        }
    }

    /** Clears the bar so that the next line starts on a clean row. */
    void clearBar() {
        if (drawnWidth > 0) {
            err.print("\r" + " ".repeat(drawnWidth) + "\r");
            err.flush();
            drawnWidth = 0;
        }
    }
}
