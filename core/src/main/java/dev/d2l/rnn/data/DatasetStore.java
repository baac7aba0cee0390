package dev.d2l.rnn.data;

import dev.d2l.rnn.CacheDirectory;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Finds a {@link Dataset}'s file on this machine, downloading it when it has to.
 *
 * <p>It looks, in order: at a path given for that dataset ({@link Builder#path}); in the data
 * folder ({@code D2L_DATA_DIR}, system property first, then environment); in the cache folder
 * ({@code CacheDirectory.root()/data}); and finally downloads the file into the cache. Files
 * found in the data folder or the cache must have the dataset's SHA-1; a given path is used as
 * it is. Downloads are SHA-1 verified and appear under their final name only when complete.
 */
public final class DatasetStore {

    /** The variable (system property or environment) naming a folder that holds dataset files. */
    public static final String DATA_DIR_VARIABLE = "D2L_DATA_DIR";

    private static final System.Logger LOG = System.getLogger(DatasetStore.class.getName());

    private final Map<Dataset, Path> paths;
    private final Path dataDir;
    private final Path cacheDir;
    private final URI baseUrl;
    private final DownloadListener listener;

    private DatasetStore(Builder builder) {
        this.paths = Map.copyOf(builder.paths);
        this.dataDir = builder.dataDir;
        this.cacheDir = builder.cacheDir;
        this.baseUrl = builder.baseUrl;
        this.listener = builder.listener;
    }

    /** The store as configured by {@code D2L_DATA_DIR} and {@code D2L_CACHE_DIR}, downloading from the canonical addresses. */
    public static DatasetStore standard() {
        return builder().build();
    }

    /** A builder that starts from the {@link #standard()} configuration. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The path of the dataset's file, downloaded into the cache if no folder has it.
     *
     * @throws DataException naming every place looked at and how to fix it when the file cannot
     *     be found or downloaded, or when a file found has the wrong SHA-1
     */
    public Path resolve(Dataset dataset) {
        Path given = paths.get(dataset);
        if (given != null) {
            if (!Files.isRegularFile(given)) {
                throw new DataException("The path given for " + dataset + " is not a file: " + given.toAbsolutePath());
            }
            return given;
        }
        List<String> tried = new ArrayList<>();
        if (dataDir == null) {
            tried.add(DATA_DIR_VARIABLE + ": not set");
        } else {
            Path candidate = dataDir.resolve(dataset.fileName());
            if (Files.isRegularFile(candidate)) {
                requireChecksum(dataset, candidate);
                return candidate;
            }
            tried.add(candidate.toAbsolutePath() + " (" + DATA_DIR_VARIABLE + "): not found");
        }
        Path cached = cacheDir.resolve(dataset.fileName());
        if (Files.isRegularFile(cached)) {
            if (checksum(cached).equals(dataset.sha1())) {
                return cached;
            }
            LOG.log(Level.WARNING, "{0} has the wrong SHA-1; removing it and downloading it again", cached);
            delete(cached);
            tried.add(cached.toAbsolutePath() + " (cache): wrong SHA-1, removed");
        } else {
            tried.add(cached.toAbsolutePath() + " (cache): not found");
        }
        URI url = baseUrl == null ? dataset.url() : baseUrl.resolve(dataset.fileName());
        try {
            Downloader.download(dataset, url, cached, listener);
            return cached;
        } catch (IOException e) {
            tried.add("download from " + url + ": " + describe(e));
            throw new DataException("Could not find or download " + dataset + ". Looked at:\n  - "
                    + String.join("\n  - ", tried) + "\nSet " + DATA_DIR_VARIABLE + " to a folder holding "
                    + dataset.fileName() + " (SHA-1 " + dataset.sha1() + ", from " + dataset.url()
                    + "), or pass the file's path.", e);
        }
    }

    private static void requireChecksum(Dataset dataset, Path file) {
        String actual = checksum(file);
        if (!actual.equals(dataset.sha1())) {
            throw new DataException(file.toAbsolutePath() + " has SHA-1 " + actual + ", expected " + dataset.sha1()
                    + " for " + dataset + ". Replace it with the file from " + dataset.url()
                    + ", or pass its path explicitly to use it as it is.");
        }
    }

    private static String checksum(Path file) {
        try {
            return Downloader.sha1(file);
        } catch (IOException e) {
            throw new DataException("Cannot read " + file.toAbsolutePath() + ": " + describe(e), e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new DataException("Cannot remove " + file.toAbsolutePath() + ", which has the wrong SHA-1: "
                    + describe(e), e);
        }
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + message;
    }

    /** Configures a {@link DatasetStore}; every setting starts from the standard one. */
    public static final class Builder {

        private final Map<Dataset, Path> paths = new HashMap<>();
        private Path dataDir;
        private Path cacheDir = CacheDirectory.root().resolve("data");
        private URI baseUrl;
        private DownloadListener listener = DownloadListener.logging();

        private Builder() {
            String configured = System.getProperty(DATA_DIR_VARIABLE, System.getenv(DATA_DIR_VARIABLE));
            if (configured != null && !configured.isBlank()) {
                dataDir = Paths.get(configured);
            }
        }

        /** Uses {@code file} for {@code dataset} as it is, without looking anywhere else or checking its SHA-1. */
        public Builder path(Dataset dataset, Path file) {
            paths.put(Objects.requireNonNull(dataset, "dataset"), Objects.requireNonNull(file, "file"));
            return this;
        }

        /** The data folder to look in instead of {@code D2L_DATA_DIR}; {@code null} for none. */
        public Builder dataDir(Path folder) {
            this.dataDir = folder;
            return this;
        }

        /** The folder downloads go to and are found in later. */
        public Builder cacheDir(Path folder) {
            this.cacheDir = Objects.requireNonNull(folder, "folder");
            return this;
        }

        /**
         * A mirror to download from: a dataset's file is fetched from {@code baseUrl} resolved
         * against its file name; {@code null} for the canonical addresses.
         */
        public Builder baseUrl(URI baseUrl) {
            if (baseUrl != null && !baseUrl.getPath().endsWith("/")) {
                throw new IllegalArgumentException("A base URL must end with '/', got " + baseUrl);
            }
            this.baseUrl = baseUrl;
            return this;
        }

        /** Who hears download progress; the default logs it. */
        public Builder listener(DownloadListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** The store. */
        public DatasetStore build() {
            return new DatasetStore(this);
        }
    }
}
