package dev.d2l.rnn.tensorflow;

import dev.d2l.rnn.io.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Copies a fixed set of class-path resources into a folder, once.
 *
 * <p>The files are written into a private temporary folder beside the target, which is then
 * forced to disk and renamed to the target in one atomic step. A target folder therefore
 * either does not exist or is complete, even after a power cut, so a process that finds it uses it as is, and two processes extracting at
 * the same time both end up with the same complete folder.
 */
final class NativeFolder {

    private static final String PARTIAL_PREFIX = ".partial-";
    private static final Duration STALE = Duration.ofHours(1);

    private final ClassLoader loader;
    private final String resourceDir;
    private final List<String> files;

    NativeFolder(ClassLoader loader, String resourceDir, List<String> files) {
        this.loader = loader;
        this.resourceDir = resourceDir.endsWith("/") ? resourceDir : resourceDir + "/";
        this.files = List.copyOf(files);
    }

    /**
     * The names of the files in class-path folder {@code resourceDir} that holds {@code anchor},
     * sorted; empty when no such resource is on the class path. Subfolders are left out. The
     * folder may be in a jar or a directory on the class path.
     */
    static List<String> filesBeside(ClassLoader loader, String resourceDir, String anchor) {
        String dir = resourceDir.endsWith("/") ? resourceDir : resourceDir + "/";
        URL url = loader.getResource(dir + anchor);
        if (url == null) {
            return List.of();
        }
        try {
            if ("jar".equals(url.getProtocol())) {
                URLConnection connection = url.openConnection();
                connection.setUseCaches(false);
                try (JarFile jar = ((JarURLConnection) connection).getJarFile()) {
                    return jar.stream()
                            .map(entry -> entry.getName())
                            .filter(name -> name.startsWith(dir) && name.length() > dir.length()
                                    && name.indexOf('/', dir.length()) < 0)
                            .map(name -> name.substring(dir.length()))
                            .sorted()
                            .toList();
                }
            }
            try (Stream<Path> entries = Files.list(Path.of(url.toURI()).getParent())) {
                return entries.filter(Files::isRegularFile).map(f -> f.getFileName().toString()).sorted().toList();
            }
        } catch (IOException | URISyntaxException | IllegalArgumentException e) {
            throw new IllegalStateException("Cannot list the native libraries beside " + url + ": " + e.getMessage(), e);
        }
    }

    /** Whether every file is on the class path. */
    boolean available() {
        return files.stream().allMatch(f -> loader.getResource(resourceDir + f) != null);
    }

    /** Returns {@code target}, extracting the files into it first if it does not exist yet. */
    Path extractTo(Path target) {
        if (Files.isDirectory(target)) {
            return target;
        }
        Path parent = target.toAbsolutePath().getParent();
        Path partial = null;
        try {
            Files.createDirectories(parent);
            removeStalePartials(parent);
            partial = Files.createTempDirectory(parent, PARTIAL_PREFIX);
            for (String file : files) {
                try (InputStream in = loader.getResourceAsStream(resourceDir + file)) {
                    if (in == null) {
                        throw new IllegalStateException("Resource " + resourceDir + file + " is not on the class path");
                    }
                    Files.copy(in, partial.resolve(file), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            try {
                AtomicFiles.publishFolder(partial, target);
            } catch (IOException raced) {
                // rename(2) refuses a non-empty target (reported as a plain FileSystemException):
                // another process finished first, and its folder is complete.
                if (!Files.isDirectory(target)) {
                    throw raced;
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not unpack native libraries into " + target + ": " + e.getMessage(), e);
        } finally {
            if (partial != null) {
                deleteTree(partial);
            }
        }
    }

    /** Partial folders left by a process that was killed mid-copy; they hold hundreds of MB. */
    private static void removeStalePartials(Path parent) throws IOException {
        Instant cutoff = Instant.now().minus(STALE);
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(parent, PARTIAL_PREFIX + "*")) {
            for (Path entry : entries) {
                FileTime modified;
                try {
                    modified = Files.getLastModifiedTime(entry);
                } catch (NoSuchFileException gone) {
                    // Another process renamed or removed its partial folder since the listing.
                    continue;
                }
                if (modified.toInstant().isBefore(cutoff)) {
                    deleteTree(entry);
                }
            }
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // Best effort: a leftover is removed by the next stale-partial sweep.
                }
            });
        } catch (IOException ignored) {
            // Same as above.
        }
    }
}
