package dev.d2l.rnn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BadInputTest {

    @TempDir
    Path dir;

    private String error(Path file) {
        return assertThrows(DataException.class, () -> Corpora.loadTextFile(file, TokenType.CHAR, 0)).getMessage();
    }

    private String lyricsError(Path zip) {
        DatasetStore store = DatasetStore.builder().path(Dataset.JAY_CHOU_LYRICS, zip).build();
        return assertThrows(DataException.class, () -> Corpora.loadJayChouLyrics(store, 0)).getMessage();
    }

    @Test
    void anEmptyFile() throws IOException {
        Path file = Files.createFile(dir.resolve("empty.txt"));
        assertEquals(file.toAbsolutePath() + " is empty (0 bytes)", error(file));
    }

    @Test
    void aFileOfOnlyWhitespaceHasNoWords() throws IOException {
        Path file = Files.writeString(dir.resolve("blank.txt"), " \n\t\n");
        String message = assertThrows(DataException.class, () -> Corpora.loadTextFile(file, TokenType.WORD, 0))
                .getMessage();
        assertEquals(file.toAbsolutePath() + " holds no tokens", message);
    }

    @Test
    void bytesThatAreNotUtf8NameTheFileAndTheOffset() throws IOException {
        // "caf" then Latin-1 e-acute (0xE9), which is not UTF-8 here.
        Path file = Files.write(dir.resolve("latin1.txt"), new byte[] {'c', 'a', 'f', (byte) 0xE9, '\n', 'x'});
        assertEquals(file.toAbsolutePath() + " is not valid UTF-8: malformed byte sequence 0xE9 at byte offset 3",
                error(file));
    }

    @Test
    void aMissingFile() {
        Path file = dir.resolve("nowhere.txt");
        assertEquals("No such file: " + file.toAbsolutePath(), error(file));
    }

    @Test
    void aFolderInsteadOfAFile() {
        assertEquals(dir.toAbsolutePath() + " is a folder, not a text file", error(dir));
    }

    @Test
    void anUnreadableFile() throws IOException {
        Path file = Files.writeString(dir.resolve("secret.txt"), "hidden");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        assumeFalse(Files.isReadable(file), "the superuser reads any file");
        assertEquals("Cannot read " + file.toAbsolutePath() + ": permission denied", error(file));
    }

    @Test
    void aZipWithoutTheLyricsNamesTheEntriesFound() throws IOException {
        Path zip = zip("other.zip", "readme.txt", "songs/other.txt");
        assertEquals(zip.toAbsolutePath() + " has no entry jaychou_lyrics.txt; entries found: [readme.txt, "
                + "songs/other.txt]", lyricsError(zip));
    }

    @Test
    void theLyricsInASubFolderOfTheZipAreFound() throws IOException {
        Path zip = zip("nested.zip", "lyrics/jaychou_lyrics.txt");
        DatasetStore store = DatasetStore.builder().path(Dataset.JAY_CHOU_LYRICS, zip).build();
        assertEquals(4, Corpora.loadJayChouLyrics(store, 0).size());
    }

    @Test
    void aTruncatedZip() throws IOException {
        Path whole = zip("whole.zip", "jaychou_lyrics.txt");
        byte[] bytes = Files.readAllBytes(whole);
        Path truncated = Files.write(dir.resolve("truncated.zip"), Arrays.copyOf(bytes, bytes.length / 2));
        String message = lyricsError(truncated);
        assertTrue(message.startsWith(truncated.toAbsolutePath() + " is not a readable zip archive"), message);
    }

    @Test
    void aFileThatIsNotAZip() throws IOException {
        Path foreign = Files.writeString(dir.resolve("lyrics.zip"), "plain text, not a zip");
        String message = lyricsError(foreign);
        assertTrue(message.startsWith(foreign.toAbsolutePath() + " is not a readable zip archive"), message);
    }

    @Test
    void aZipEntryThatIsNotUtf8() throws IOException {
        Path zip = dir.resolve("gbk.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("jaychou_lyrics.txt"));
            out.write("想要".getBytes("GBK"));
        }
        assertEquals(zip.toAbsolutePath() + "!jaychou_lyrics.txt is not valid UTF-8: malformed byte sequence 0xCF "
                + "at byte offset 0", lyricsError(zip));
    }

    /** A zip whose every entry holds "想要有直". */
    private Path zip(String name, String... entries) throws IOException {
        Path zip = dir.resolve(name);
        try (OutputStream file = Files.newOutputStream(zip); ZipOutputStream out = new ZipOutputStream(file)) {
            for (String entry : entries) {
                out.putNextEntry(new ZipEntry(entry));
                out.write("想要有直".getBytes(StandardCharsets.UTF_8));
            }
        }
        return zip;
    }
}
