package dev.d2l.rnn.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Files replaced whole or not at all. A file is written beside its final name as
 * {@code <name>.partial}, forced to disk, and renamed over the final name in one atomic step;
 * then its folder is forced too, so the rename itself survives a power cut. Until the rename,
 * readers see the previous file (or none), whatever happens to the writing process.
 *
 * <p>The temporary name is fixed, so a writer that fails or is killed before its rename leaves
 * one {@code .partial} file, which the next write of the same file reuses. That suits folders with one
 * writer at a time (a run's output folder, which the CLI locks); writers that share a folder
 * with other processes write under a name of their own and commit it with
 * {@link #replace(Path, Path)}.
 */
public final class AtomicFiles {

    /** What a temporary file is called: the final name plus this. */
    public static final String PARTIAL = ".partial";

    private AtomicFiles() {}

    /** Something to write through an output stream; it may throw to abandon the write. */
    @FunctionalInterface
    public interface Content {

        /** Writes the whole content into {@code out}; the stream is closed by the caller. */
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Replaces {@code file} by {@code bytes}, atomically and durably.
     *
     * @throws IOException if anything fails; {@code file} is then as it was
     */
    public static void write(Path file, byte[] bytes) throws IOException {
        Path partial = partial(file);
        writeDurably(partial, bytes);
        rename(partial, file);
    }

    /**
     * Replaces {@code file} by what {@code content} writes, atomically and durably.
     *
     * @throws IOException if anything fails, {@code content} included; {@code file} is then as it was
     */
    public static void write(Path file, Content content) throws IOException {
        Path partial = partial(file);
        try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel));
            content.writeTo(out);
            out.flush();
            channel.force(true);
        }
        rename(partial, file);
    }

    /**
     * Writes {@code bytes} to {@code file} and forces them to disk, without a rename: for a file
     * inside a folder that a later rename commits (a new snapshot folder, say).
     *
     * @throws IOException if the file cannot be written
     */
    public static void writeDurably(Path file, byte[] bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
    }

    /**
     * Commits {@code written}, a complete file in {@code file}'s folder: forces it to disk,
     * renames it over {@code file} atomically, and forces the folder.
     *
     * @throws IOException if the file cannot be forced or renamed; {@code file} is then as it was
     */
    public static void replace(Path written, Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(written, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        rename(written, file);
    }

    /**
     * Commits {@code written}, a complete folder of files beside {@code folder}: forces its files
     * and itself to disk, renames it to {@code folder} atomically, and forces the parent, so that
     * after a crash or a power cut {@code folder} is either absent or complete.
     *
     * @throws IOException if a file cannot be forced, or the rename fails (as it does when
     *     {@code folder} already exists and is not empty); {@code folder} is then as it was
     */
    public static void publishFolder(Path written, Path folder) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(written, Files::isRegularFile)) {
            for (Path file : files) {
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    channel.force(true);
                }
            }
        }
        syncFolder(written);
        Files.move(written, folder, StandardCopyOption.ATOMIC_MOVE);
        syncFolder(folder.toAbsolutePath().getParent());
    }

    private static void rename(Path written, Path file) throws IOException {
        Files.move(written, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncFolder(file.toAbsolutePath().getParent());
    }

    /**
     * Makes {@code folder}'s entries (new files, a rename) durable. Not every platform can open a
     * folder for that; there the rename is still atomic, only not yet durable, so the failure is
     * ignored.
     */
    public static void syncFolder(Path folder) {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some platforms cannot open a folder for syncing; the rename is still atomic there.
        }
    }

    /** The temporary name {@code file} is written under before it is renamed. */
    public static Path partial(Path file) {
        return file.resolveSibling(file.getFileName() + PARTIAL);
    }
}
