package dev.d2l.rnn.data;

import dev.d2l.rnn.io.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Downloads one file, verifies its SHA-1 and only then gives it its final name. */
final class Downloader {

    private static final System.Logger LOG = System.getLogger(Downloader.class.getName());
    private static final int CONNECT_TIMEOUT_MS = 30_000;
    private static final int READ_TIMEOUT_MS = 60_000;

    private Downloader() {}

    /**
     * Downloads {@code url} to {@code target}. The bytes go to a temporary file of a name of its
     * own in the target's folder (other processes may be fetching the same file into the shared
     * cache), and only once its SHA-1 is right is it forced to disk and renamed over the target,
     * so no partial file ever carries the final name.
     *
     * @throws IOException when the transfer fails; nothing is left behind
     * @throws DataException when the bytes arrive but their SHA-1 is wrong; nothing is left behind
     */
    static void download(Dataset dataset, URI url, Path target, DownloadListener listener) throws IOException {
        Path folder = target.toAbsolutePath().getParent();
        Files.createDirectories(folder);
        Path part = Files.createTempFile(folder, "." + dataset.fileName() + ".", ".part");
        try {
            LOG.log(Level.INFO, "Downloading {0} from {1}", dataset.fileName(), url);
            String actual = transfer(dataset, url, part, listener);
            if (!actual.equals(dataset.sha1())) {
                throw new DataException("The download of " + dataset.fileName() + " from " + url + " has SHA-1 "
                        + actual + ", expected " + dataset.sha1() + "; the file was discarded. Try again, or "
                        + "fetch the file by hand and set " + DatasetStore.DATA_DIR_VARIABLE + " to its folder");
            }
            AtomicFiles.replace(part, target);
            LOG.log(Level.INFO, "Saved {0} ({1} bytes)", target, Files.size(target));
        } finally {
            Files.deleteIfExists(part);
        }
    }

    /** Copies the body to {@code part} and returns its SHA-1. */
    private static String transfer(Dataset dataset, URI url, Path part, DownloadListener listener) throws IOException {
        URLConnection connection = url.toURL().openConnection();
        connection.setConnectTimeout(CONNECT_TIMEOUT_MS);
        connection.setReadTimeout(READ_TIMEOUT_MS);
        if (connection instanceof HttpURLConnection http) {
            int status = http.getResponseCode();
            if (status != HttpURLConnection.HTTP_OK) {
                http.disconnect();
                throw new IOException("HTTP " + status + " " + http.getResponseMessage());
            }
        }
        long total = connection.getContentLengthLong();
        MessageDigest sha1 = sha1Digest();
        long received = 0;
        try (InputStream in = connection.getInputStream(); OutputStream out = Files.newOutputStream(part)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) != -1; ) {
                out.write(buffer, 0, n);
                sha1.update(buffer, 0, n);
                received += n;
                listener.progress(dataset, received, total);
            }
        }
        // Some stacks report a connection closed early as a clean end of stream.
        if (total >= 0 && received != total) {
            throw new IOException("the connection closed after " + received + " of " + total + " bytes");
        }
        listener.progress(dataset, received, total);
        return HexFormat.of().formatHex(sha1.digest());
    }

    /** The SHA-1 of a file, in lower-case hexadecimal. */
    static String sha1(Path file) throws IOException {
        MessageDigest sha1 = sha1Digest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) != -1; ) {
                sha1.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha1.digest());
    }

    private static MessageDigest sha1Digest() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform provides SHA-1", e);
        }
    }
}
