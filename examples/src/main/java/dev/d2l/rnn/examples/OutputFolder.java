package dev.d2l.rnn.examples;

import dev.d2l.rnn.checkpoint.Checkpoint;
import dev.d2l.rnn.checkpoint.CheckpointException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/**
 * A folder a command writes into (plots, tables, checkpoints), held for as long as it writes by
 * an exclusive OS lock on {@value #LOCK} in it. The operating system releases the lock when the
 * process ends, however it ends (SIGKILL included), so a lock is never left behind; the file
 * stays, naming the last process that held it. Readers ({@code generate}) take no lock and never
 * wait.
 */
final class OutputFolder implements AutoCloseable {

    /** The file whose lock says a d2l process is writing into the folder. */
    static final String LOCK = ".d2l.lock";

    private final Path folder;
    private final FileChannel channel;
    private final FileLock lock;

    private OutputFolder(Path folder, FileChannel channel, FileLock lock) {
        this.folder = folder;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Creates the folder if needed and locks it for this process.
     *
     * @param command what the holder runs, for the message another process gets
     * @throws CommandFailure if another process (or another command of this one) holds the
     *     folder, naming it and its pid, or if the folder cannot be created
     */
    static OutputFolder lock(Path folder, String command) {
        if (folder.toString().isBlank()) {
            throw new IllegalArgumentException("--output is empty: give the folder to write into");
        }
        FileChannel channel = null;
        try {
            Files.createDirectories(folder);
            channel = FileChannel.open(folder.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.READ);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw new CommandFailure(folder + " is in use by another d2l run (" + holder(folder) + "); wait until it ends,"
                        + " or give another --output");
            }
            String who = "pid " + ProcessHandle.current().pid() + ", " + command + ", since "
                    + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "\n";
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(who.getBytes(StandardCharsets.UTF_8)), 0);
            return new OutputFolder(folder, channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new CommandFailure("Cannot write into " + folder + ": " + e, e);
        }
    }

    /** What the lock file says of the process holding it. */
    private static String holder(Path folder) {
        try {
            List<String> lines = Files.readAllLines(folder.resolve(LOCK), StandardCharsets.UTF_8);
            return lines.isEmpty() || lines.get(0).isBlank() ? "a process that is just starting" : lines.get(0).strip();
        } catch (IOException e) {
            return "its lock file cannot be read: " + e.getMessage();
        }
    }

    /**
     * Refuses to train into a folder that already holds a checkpoint, unless the run continues
     * that checkpoint or the user said to replace it.
     *
     * @throws CommandFailure naming what the folder holds and both ways on
     */
    void refuseToReplaceCheckpoint(boolean continuesIt, boolean overwrite) {
        if (continuesIt || overwrite || !Checkpoint.exists(folder)) {
            return;
        }
        throw new CommandFailure(folder + " already holds a checkpoint (" + describe(folder) + "); continue it with --resume "
                + folder + ", or replace it with --overwrite");
    }

    /** The model, its training so far and its perplexity, as far as the checkpoint tells them. */
    static String describe(Path folder) {
        try {
            Checkpoint checkpoint = Checkpoint.load(folder);
            var settings = checkpoint.settings();
            StringBuilder text = new StringBuilder();
            text.append(settings.getOrDefault("model", "a")).append(" model");
            if (settings.containsKey("hidden")) {
                text.append(", hidden ").append(settings.get("hidden"));
            }
            checkpoint.run().ifPresent(run -> {
                text.append(", ").append(run.epochsDone()).append(" epochs");
                checkpoint.position().ifPresent(p -> text.append(" and ").append(p.batches()).append(" minibatches"));
                List<Double> perplexities = run.perplexities();
                if (!perplexities.isEmpty()) {
                    text.append(String.format(Locale.ROOT, ", perplexity %.3f", perplexities.get(perplexities.size() - 1)));
                }
            });
            return text.toString();
        } catch (CheckpointException | IllegalArgumentException e) {
            return "unreadable: " + e.getMessage();
        }
    }

    /** The folder. */
    Path path() {
        return folder;
    }

    /** A file in the folder. */
    Path resolve(String name) {
        return folder.resolve(name);
    }

    /** Releases the lock; the folder's files stay. */
    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            // Closing the channel below releases it too.
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // Nothing was written through it that matters.
            }
        }
    }
}
