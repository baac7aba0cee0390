package dev.d2l.rnn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path folder;

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private List<String> names() throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aWriteReplacesTheFileWholeAndLeavesNoPartialFile() throws Exception {
        Path file = folder.resolve("table.csv");
        AtomicFiles.write(file, utf8("a,b\n1,2\n"));
        AtomicFiles.write(file, utf8("a\n"));
        assertEquals("a\n", Files.readString(file));
        AtomicFiles.write(file, out -> out.write(utf8("streamed\n")));
        assertEquals("streamed\n", Files.readString(file));
        assertEquals(List.of("table.csv"), names());
    }

    @Test
    void aWriteThatFailsBeforeItsRenameLeavesThePreviousFile() throws Exception {
        Path file = folder.resolve("plot.svg");
        AtomicFiles.write(file, utf8("<svg>old</svg>"));
        IOException thrown = assertThrows(IOException.class, () -> AtomicFiles.write(file, out -> {
            out.write(utf8("<svg>half"));
            throw new IOException("the encoder failed");
        }));
        assertEquals("the encoder failed", thrown.getMessage());
        assertEquals("<svg>old</svg>", Files.readString(file));

        // The temporary name is taken by a folder: the bytes cannot even be written.
        Files.delete(AtomicFiles.partial(file));
        Files.createDirectory(AtomicFiles.partial(file));
        assertThrows(IOException.class, () -> AtomicFiles.write(file, utf8("<svg>new</svg>")));
        assertEquals("<svg>old</svg>", Files.readString(file));
    }

    @Test
    void aFullDiskLeavesThePreviousFile() throws Exception {
        Path full = Path.of("/dev/full");
        assumeTrue(Files.exists(full), "no /dev/full here");
        Path file = folder.resolve("compare.md");
        AtomicFiles.write(file, utf8("| engine |\n"));
        Files.createSymbolicLink(AtomicFiles.partial(file), full);
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(file, utf8("| engine | perplexity |\n")));
        assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
        assertEquals("| engine |\n", Files.readString(file));
    }

    @Test
    void replaceCommitsAFileWrittenUnderAnotherName() throws Exception {
        Path file = folder.resolve("corpus.txt");
        Files.writeString(file, "old");
        Path written = Files.createTempFile(folder, ".corpus.txt.", ".part");
        Files.writeString(written, "new");
        AtomicFiles.replace(written, file);
        assertEquals("new", Files.readString(file));
        assertFalse(Files.exists(written));
        assertThrows(IOException.class, () -> AtomicFiles.replace(folder.resolve("never-written"), file));
        assertEquals("new", Files.readString(file));
    }

    @Test
    void publishFolderMovesAWholeFolderAndRefusesAnExistingOne() throws Exception {
        Path written = Files.createDirectory(folder.resolve(".partial-1"));
        Files.writeString(written.resolve("liba.so"), "a");
        Files.writeString(written.resolve("libb.so.2"), "b");
        Path target = folder.resolve("natives");
        AtomicFiles.publishFolder(written, target);
        assertEquals(List.of("natives"), names());
        assertEquals("a", Files.readString(target.resolve("liba.so")));
        assertEquals("b", Files.readString(target.resolve("libb.so.2")));

        Path second = Files.createDirectory(folder.resolve(".partial-2"));
        Files.writeString(second.resolve("liba.so"), "other");
        assertThrows(IOException.class, () -> AtomicFiles.publishFolder(second, target));
        assertEquals("a", Files.readString(target.resolve("liba.so")));
        assertTrue(Files.exists(second.resolve("liba.so")));
    }

    @Test
    void writeDurablyWritesInPlaceAndTruncates() throws Exception {
        Path file = folder.resolve("parameters.ndlist");
        byte[] bytes = new byte[100_000];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31);
        }
        AtomicFiles.writeDurably(file, bytes);
        assertArrayEquals(bytes, Files.readAllBytes(file));
        AtomicFiles.writeDurably(file, utf8("short"));
        assertEquals("short", Files.readString(file));
        assertEquals(List.of("parameters.ndlist"), names());
    }
}
