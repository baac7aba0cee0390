package dev.d2l.rnn.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/** Strict UTF-8 reading of plain and zipped text files, with errors that say where. */
final class TextFiles {

    private TextFiles() {}

    /** The size of a file in bytes; 0 when it cannot be read (the read that follows says why). */
    static long size(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** The text of a UTF-8 file, without a leading byte-order mark. */
    static String readUtf8(Path file) {
        if (Files.isDirectory(file)) {
            throw new DataException(file.toAbsolutePath() + " is a folder, not a text file");
        }
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            // A device or a pipe (/dev/zero, /dev/stdin) could be read forever.
            throw new DataException(file.toAbsolutePath() + " is not a regular file");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new DataException("No such file: " + file.toAbsolutePath(), e);
        } catch (AccessDeniedException e) {
            throw new DataException("Cannot read " + file.toAbsolutePath() + ": permission denied", e);
        } catch (IOException e) {
            throw new DataException("Cannot read " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
        return decode(bytes, file.toAbsolutePath().toString());
    }

    /**
     * The text of the UTF-8 entry {@code entryName} of a zip file. An entry in a sub-folder with
     * that file name is accepted when no entry has exactly that name.
     */
    static String readZipEntry(Path zip, String entryName) {
        if (!Files.isRegularFile(zip)) {
            throw new DataException(Files.exists(zip) ? zip.toAbsolutePath() + " is not a file"
                    : "No such file: " + zip.toAbsolutePath());
        }
        String where = zip.toAbsolutePath() + "!" + entryName;
        try (ZipFile archive = new ZipFile(zip.toFile(), StandardCharsets.UTF_8)) {
            ZipEntry entry = findEntry(archive, entryName);
            if (entry == null) {
                throw new DataException(zip.toAbsolutePath() + " has no entry " + entryName + "; entries found: "
                        + entryNames(archive));
            }
            where = zip.toAbsolutePath() + "!" + entry.getName();
            byte[] bytes;
            try (InputStream in = archive.getInputStream(entry)) {
                bytes = in.readAllBytes();
            }
            return decode(bytes, where);
        } catch (ZipException e) {
            throw new DataException(zip.toAbsolutePath() + " is not a readable zip archive (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new DataException("Cannot read " + where + ": " + e.getMessage(), e);
        }
    }

    private static ZipEntry findEntry(ZipFile archive, String entryName) {
        ZipEntry exact = archive.getEntry(entryName);
        if (exact != null) {
            return exact;
        }
        List<ZipEntry> nested = new ArrayList<>();
        for (Enumeration<? extends ZipEntry> e = archive.entries(); e.hasMoreElements(); ) {
            ZipEntry entry = e.nextElement();
            if (!entry.isDirectory() && entry.getName().endsWith("/" + entryName)
                    && !entry.getName().startsWith("__MACOSX/")) {
                nested.add(entry);
            }
        }
        return nested.size() == 1 ? nested.get(0) : null;
    }

    private static List<String> entryNames(ZipFile archive) {
        List<String> names = new ArrayList<>();
        archive.stream().forEach(entry -> names.add(entry.getName()));
        return names;
    }

    /**
     * Decodes strict UTF-8; a malformed sequence is an error naming {@code source} and its byte
     * offset. A leading byte-order mark is dropped: it marks the encoding, it is not text.
     */
    static String decode(byte[] bytes, String source) {
        if (bytes.length == 0) {
            throw new DataException(source + " is empty (0 bytes)");
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        // UTF-8 never yields more UTF-16 units than it has bytes.
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            throw new DataException(source + " is not valid UTF-8: " + describe(bytes, in.position(), result.length()));
        }
        out.flip();
        String text = out.toString();
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    private static String describe(byte[] bytes, int offset, int length) {
        StringBuilder hex = new StringBuilder();
        for (int i = offset; i < Math.min(bytes.length, offset + length); i++) {
            hex.append(String.format(" 0x%02X", bytes[i] & 0xFF));
        }
        return "malformed byte sequence" + hex + " at byte offset " + offset;
    }

    /**
     * The lines of a text as Python's {@code readlines()} finds them (line breaks {@code \n},
     * {@code \r\n} and {@code \r}), without their line breaks; a final line break does not
     * start another line.
     */
    static List<String> lines(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                lines.add(text.substring(start, i));
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        if (start < text.length()) {
            lines.add(text.substring(start));
        }
        return lines;
    }
}
