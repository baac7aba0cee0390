package dev.d2l.rnn.checkpoint;

import dev.d2l.rnn.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Named files committed together or not at all, in one folder. A commit writes every file into
 * a new folder {@code snapshot-<n>} beside the current one and forces it to disk, then replaces
 * the index ({@value #INDEX}: the snapshot's name and the SHA-256 of each file) by one atomic
 * rename. Until that rename the previous snapshot is the current one, so a crash or a failed
 * commit never leaves a half-written one; after it, the other snapshot folders are deleted.
 * Other files in the folder are left alone.
 *
 * <p>A read checks each file's size before reading it (a text file, {@code *.txt}, is at most
 * {@value #MAX_TEXT_BYTES} bytes; any file must fit the heap twice) and its SHA-256 after.
 */
final class SnapshotStore {

    /** The file that names the current snapshot; replacing it is what commits. */
    static final String INDEX = "checkpoint.txt";
    /** No text file of a checkpoint comes near this (a word vocabulary of a large book is about 100 KB). */
    static final long MAX_TEXT_BYTES = 64L << 20;

    private final Path folder;

    SnapshotStore(Path folder) {
        this.folder = folder;
    }

    /** Whether the folder has an index (its snapshot may still turn out corrupt when read). */
    boolean exists() {
        return Files.isRegularFile(folder.resolve(INDEX));
    }

    /**
     * Makes {@code files} the current snapshot. The folder must exist.
     *
     * @throws IOException if a file cannot be written; the previous snapshot stays current, and the
     *     new one is removed
     */
    void commit(Map<String, byte[]> files) throws IOException {
        Path snapshot = folder.resolve("snapshot-" + (lastSnapshotNumber() + 1));
        Files.createDirectory(snapshot);
        try {
            Map<String, String> digests = new LinkedHashMap<>();
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                AtomicFiles.writeDurably(snapshot.resolve(file.getKey()), file.getValue());
                digests.put(file.getKey(), sha256(file.getValue()));
            }
            AtomicFiles.syncFolder(snapshot);
            String index = new SnapshotIndex(snapshot.getFileName().toString(), digests).text();
            AtomicFiles.write(folder.resolve(INDEX), index.getBytes(StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            deleteQuietly(snapshot);
            throw e;
        }
        deleteSnapshotsOtherThan(snapshot.getFileName().toString());
    }

    /**
     * Reads the index, which may name only {@code known} files and must name all of {@code required}.
     *
     * @throws CheckpointException if there is no folder or no index, or the index is corrupt
     */
    SnapshotIndex index(Set<String> known, List<String> required) {
        if (!Files.isDirectory(folder)) {
            throw new CheckpointException("No checkpoint at " + folder + ": there is no such folder");
        }
        Path indexFile = folder.resolve(INDEX);
        if (!Files.isRegularFile(indexFile)) {
            throw new CheckpointException("No checkpoint in " + folder + ": it has no " + INDEX);
        }
        List<String> lines;
        try {
            checkReadable(INDEX, Files.size(indexFile), true);
            lines = Files.readAllLines(indexFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw CheckpointException.corrupt(folder, "cannot read " + INDEX + ": " + e);
        }
        try {
            return SnapshotIndex.parse(lines, INDEX, known, required);
        } catch (IllegalArgumentException e) {
            throw CheckpointException.corrupt(folder, e.getMessage());
        }
    }

    /**
     * Reads every file {@code index} names, in its order, each checked against its SHA-256.
     *
     * @throws CheckpointException naming the file that is missing, too large, unreadable or changed
     */
    Map<String, byte[]> read(SnapshotIndex index) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (Map.Entry<String, String> digest : index.digests().entrySet()) {
            String name = digest.getKey();
            String where = index.snapshot() + "/" + name;
            Path file = folder.resolve(index.snapshot()).resolve(name);
            byte[] bytes;
            try {
                checkReadable(where, Files.size(file), name.endsWith(".txt"));
                bytes = Files.readAllBytes(file);
            } catch (NoSuchFileException e) {
                throw CheckpointException.corrupt(folder, where + " is missing");
            } catch (IOException e) {
                throw new CheckpointException("Cannot read " + file + ": " + e, e);
            }
            if (!sha256(bytes).equals(digest.getValue())) {
                throw CheckpointException.corrupt(folder, where + " does not match its SHA-256 (it changed after it was written)");
            }
            files.put(name, bytes);
        }
        return files;
    }

    /**
     * Refuses a file before it is read when it is larger than any checkpoint writes (text) or than
     * the heap could hold (arrays): a crafted or damaged file must not end the JVM.
     */
    private void checkReadable(String name, long size, boolean text) {
        if (text && size > MAX_TEXT_BYTES) {
            throw CheckpointException.corrupt(folder, name + " is " + size + " bytes, more than the " + MAX_TEXT_BYTES
                    + " any checkpoint's text file holds");
        }
        Runtime runtime = Runtime.getRuntime();
        long free = runtime.maxMemory() - (runtime.totalMemory() - runtime.freeMemory());
        // The bytes are read whole, and decoding copies them once more.
        if (size > Integer.MAX_VALUE - 8 || 2 * size > free) {
            throw new CheckpointException("The checkpoint in " + folder + " cannot be read: " + name + " is " + size
                    + " bytes, more than this JVM's heap can hold (" + free + " bytes free; -Xmx sets the heap)");
        }
    }

    private int lastSnapshotNumber() throws IOException {
        int last = 0;
        try (Stream<Path> entries = Files.list(folder)) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                var matcher = SnapshotIndex.SNAPSHOT.matcher(entry.getFileName().toString());
                if (matcher.matches()) {
                    last = Math.max(last, Integer.parseInt(matcher.group(1)));
                }
            }
        }
        return last;
    }

    /** Earlier snapshots, and any left by a commit that crashed, are no longer referenced. */
    private void deleteSnapshotsOtherThan(String current) {
        try (Stream<Path> entries = Files.list(folder)) {
            entries.filter(p -> SnapshotIndex.SNAPSHOT.matcher(p.getFileName().toString()).matches())
                    .filter(p -> !p.getFileName().toString().equals(current))
                    .forEach(SnapshotStore::deleteQuietly);
        } catch (IOException e) {
            // Only disk space is lost: the snapshot itself is complete.
        }
    }

    private static void deleteQuietly(Path snapshot) {
        try (Stream<Path> files = Files.list(snapshot)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(snapshot);
        } catch (IOException e) {
            // An unreferenced snapshot never counts as the current one; the next commit retries.
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }
}
