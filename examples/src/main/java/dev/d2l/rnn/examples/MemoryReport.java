package dev.d2l.rnn.examples;

import ai.djl.ndarray.NDManager;
import dev.d2l.rnn.train.TrainListener;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Prints, every N epochs, what a long run must keep flat: the live NDArrays of the run's
 * manager, the JVM heap after a collection and the process's resident memory.
 */
final class MemoryReport implements TrainListener {

    private final NDManager manager;
    private final int every;
    private final PrintWriter out;

    MemoryReport(NDManager manager, int every, PrintWriter out) {
        this.manager = manager;
        this.every = every;
        this.out = out;
    }

    @Override
    public void onEpoch(EpochReport report) {
        if (report.epoch() % every != 0) {
            return;
        }
        // A collection first, so the heap figure is what is really held, not garbage not yet collected.
        System.gc();
        Runtime runtime = Runtime.getRuntime();
        long heap = runtime.totalMemory() - runtime.freeMemory();
        out.printf(Locale.ROOT, "memory at epoch %d: %d live NDArrays, heap %.1f MB, resident %s%n", report.epoch(),
                manager.getManagedArrays().size(), heap / 1e6, residentMemory());
        out.flush();
    }

    /** VmRSS from /proc (Linux), or "unknown". */
    private static String residentMemory() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return String.format(Locale.ROOT, "%.1f MB",
                            Long.parseLong(line.replaceAll("[^0-9]", "")) / 1e3);
                }
            }
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
        return "unknown";
    }
}
