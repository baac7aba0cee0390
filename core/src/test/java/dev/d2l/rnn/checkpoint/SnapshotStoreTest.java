package dev.d2l.rnn.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store on its own: named files committed together, checked by SHA-256 when read. */
class SnapshotStoreTest {

    private static final Set<String> KNOWN = Set.of("a.txt", "b.bin", "c.txt");
    private static final List<String> REQUIRED = List.of("a.txt", "b.bin");

    @TempDir
    Path folder;

    private static Map<String, byte[]> files(String a, String b) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("a.txt", a.getBytes(StandardCharsets.UTF_8));
        files.put("b.bin", b.getBytes(StandardCharsets.UTF_8));
        return files;
    }

    private Map<String, String> read(SnapshotStore store) {
        Map<String, String> text = new LinkedHashMap<>();
        store.read(store.index(KNOWN, REQUIRED)).forEach((name, bytes) -> text.put(name, new String(bytes, StandardCharsets.UTF_8)));
        return text;
    }

    private List<String> entries() throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aCommitIsReadBackInItsOrderAndReplacesTheLast() throws Exception {
        SnapshotStore store = new SnapshotStore(folder);
        assertFalse(store.exists());
        store.commit(files("first", "1"));
        store.commit(files("second", "2"));
        assertTrue(store.exists());
        assertEquals(Map.of("a.txt", "second", "b.bin", "2"), read(store));
        assertEquals(List.of("a.txt", "b.bin"), List.copyOf(read(store).keySet()));
        assertEquals(List.of("checkpoint.txt", "snapshot-2"), entries());
        assertEquals(List.of("# d2l-rnn checkpoint: the current snapshot and the SHA-256 of its files", "snapshot snapshot-2",
                "sha256 a.txt " + SnapshotStore.sha256("second".getBytes(StandardCharsets.UTF_8)),
                "sha256 b.bin " + SnapshotStore.sha256("2".getBytes(StandardCharsets.UTF_8))),
                Files.readAllLines(folder.resolve(SnapshotStore.INDEX)));
    }

    @Test
    void aCommitThatFailsMidwayLeavesThePreviousSnapshotIntact() throws Exception {
        SnapshotStore store = new SnapshotStore(folder);
        store.commit(files("kept", "1"));
        byte[] index = Files.readAllBytes(folder.resolve(SnapshotStore.INDEX));
        Map<String, byte[]> broken = files("lost", "2");
        // The second file cannot be created: the first is already written when the commit fails.
        broken.put("no-such-folder/c.txt", new byte[] {1});
        assertThrows(IOException.class, () -> store.commit(broken));

        assertEquals(Map.of("a.txt", "kept", "b.bin", "1"), read(store));
        assertArrayEquals(index, Files.readAllBytes(folder.resolve(SnapshotStore.INDEX)));
        assertEquals(List.of("checkpoint.txt", "snapshot-1"), entries(), "the failed commit's snapshot is removed");
    }

    @Test
    void aSnapshotLeftByACrashedCommitIsSkippedAndThenRemoved() throws Exception {
        SnapshotStore store = new SnapshotStore(folder);
        store.commit(files("one", "1"));
        Files.createDirectories(folder.resolve("snapshot-7"));
        Files.writeString(folder.resolve("snapshot-7/a.txt"), "half");
        Files.writeString(folder.resolve("plot.png"), "not the store's");
        store.commit(files("eight", "8"));
        assertEquals(List.of("checkpoint.txt", "plot.png", "snapshot-8"), entries());
        assertEquals("eight", read(store).get("a.txt"));
    }

    @Test
    void aChangedFileIsNamedByItsSha256() throws Exception {
        SnapshotStore store = new SnapshotStore(folder);
        store.commit(files("text", "binary"));
        Files.writeString(folder.resolve("snapshot-1/b.bin"), "binarY");
        CheckpointException e = assertThrows(CheckpointException.class, () -> read(store));
        assertEquals("The checkpoint in " + folder + " is corrupt: snapshot-1/b.bin does not match its SHA-256 (it changed after"
                + " it was written)", e.getMessage());

        Files.delete(folder.resolve("snapshot-1/b.bin"));
        e = assertThrows(CheckpointException.class, () -> read(store));
        assertTrue(e.getMessage().endsWith("is corrupt: snapshot-1/b.bin is missing"), e.getMessage());
    }

    @Test
    void aTextFileLargerThanAnyCommitWritesIsRefusedBeforeItIsRead() throws Exception {
        SnapshotStore store = new SnapshotStore(folder);
        store.commit(files("text", "binary"));
        try (RandomAccessFile file = new RandomAccessFile(folder.resolve("snapshot-1/a.txt").toFile(), "rw")) {
            file.setLength(SnapshotStore.MAX_TEXT_BYTES + 1);
        }
        CheckpointException e = assertThrows(CheckpointException.class, () -> read(store));
        assertTrue(e.getMessage().endsWith("is corrupt: snapshot-1/a.txt is " + (SnapshotStore.MAX_TEXT_BYTES + 1)
                + " bytes, more than the " + SnapshotStore.MAX_TEXT_BYTES + " any checkpoint's text file holds"), e.getMessage());
    }

    @Test
    void anIndexMustNameItsSnapshotAndEveryRequiredFile() throws Exception {
        SnapshotStore store = new SnapshotStore(folder);
        CheckpointException e = assertThrows(CheckpointException.class, () -> store.index(KNOWN, REQUIRED));
        assertEquals("No checkpoint in " + folder + ": it has no checkpoint.txt", e.getMessage());
        e = assertThrows(CheckpointException.class, () -> new SnapshotStore(folder.resolve("nowhere")).index(KNOWN, REQUIRED));
        assertTrue(e.getMessage().endsWith("nowhere: there is no such folder"), e.getMessage());

        store.commit(files("text", "binary"));
        String index = Files.readString(folder.resolve(SnapshotStore.INDEX));
        Files.writeString(folder.resolve(SnapshotStore.INDEX), index.replaceAll("sha256 b.bin \\w+\n", ""));
        e = assertThrows(CheckpointException.class, () -> store.index(KNOWN, REQUIRED));
        assertTrue(e.getMessage().endsWith("is corrupt: checkpoint.txt does not name a snapshot and the SHA-256 of each of"
                + " [a.txt, b.bin]"), e.getMessage());

        Files.writeString(folder.resolve(SnapshotStore.INDEX), index + "sha256 ../outside.txt 00\n");
        e = assertThrows(CheckpointException.class, () -> store.index(KNOWN, REQUIRED));
        assertTrue(e.getMessage().endsWith("is corrupt: checkpoint.txt line 5 is not understood: 'sha256 ../outside.txt 00'"),
                e.getMessage());
    }
}
