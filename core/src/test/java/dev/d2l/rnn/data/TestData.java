package dev.d2l.rnn.data;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** The datasets of the folder named by D2L_DATA_DIR, never the network. */
final class TestData {

    private TestData() {}

    /** A store that finds the datasets in D2L_DATA_DIR; the test is skipped when it is not set. */
    static DatasetStore store() {
        String dir = System.getProperty(DatasetStore.DATA_DIR_VARIABLE, System.getenv(DatasetStore.DATA_DIR_VARIABLE));
        assumeTrue(dir != null && Files.isDirectory(Paths.get(dir)),
                "D2L_DATA_DIR does not name a folder holding the datasets");
        return DatasetStore.builder()
                .dataDir(Paths.get(dir))
                .cacheDir(Paths.get("target", "no-cache"))
                // Port 9 (discard) is closed here: a test that would download fails instead.
                .baseUrl(URI.create("http://127.0.0.1:9/"))
                .listener(DownloadListener.silent())
                .build();
    }

    /** The path of a dataset in D2L_DATA_DIR. */
    static Path file(Dataset dataset) {
        return store().resolve(dataset);
    }
}
