package dev.d2l.rnn.data;

import java.lang.System.Logger.Level;

/** Hears how a dataset download progresses. */
@FunctionalInterface
public interface DownloadListener {

    /**
     * Called after every chunk received and once at the end.
     *
     * @param dataset what is being downloaded
     * @param received bytes received so far
     * @param total the announced length in bytes, or -1 when the server did not say
     */
    void progress(Dataset dataset, long received, long total);

    /** A listener that ignores progress. */
    static DownloadListener silent() {
        return (dataset, received, total) -> { };
    }

    /** A listener that logs progress through {@link System.Logger} at most every two seconds. */
    static DownloadListener logging() {
        System.Logger log = System.getLogger(DownloadListener.class.getName());
        long[] lastLog = {System.nanoTime()};
        return (dataset, received, total) -> {
            long now = System.nanoTime();
            if (now - lastLog[0] < 2_000_000_000L) {
                return;
            }
            lastLog[0] = now;
            if (total > 0) {
                log.log(Level.INFO, "{0}: {1} of {2} KiB ({3}%)", dataset.fileName(), received / 1024, total / 1024,
                        100 * received / total);
            } else {
                log.log(Level.INFO, "{0}: {1} KiB", dataset.fileName(), received / 1024);
            }
        };
    }
}
