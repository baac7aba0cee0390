package dev.d2l.rnn.data;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A named dataset file: the name a {@link DatasetStore} looks for, its SHA-1 and where to
 * download it from.
 *
 * @param title a human name for messages, e.g. "The Time Machine"
 * @param fileName the file name in a data folder or the cache, e.g. {@code timemachine.txt}
 * @param sha1 the file's SHA-1, 40 hexadecimal digits
 * @param url the canonical download address
 */
public record Dataset(String title, String fileName, String sha1, URI url) {

    private static final Pattern SHA1 = Pattern.compile("[0-9a-f]{40}");

    /** H. G. Wells, <i>The Time Machine</i>, as d2l uses it (d2l 8.2). */
    public static final Dataset TIME_MACHINE = new Dataset("The Time Machine", "timemachine.txt",
            "090b5e7e70c295757f55df93cb0a180b9691891a",
            URI.create("http://d2l-data.s3-accelerate.amazonaws.com/timemachine.txt"));

    /** Jay Chou's lyrics, a zip holding one UTF-8 file {@code jaychou_lyrics.txt} (d2l-zh). */
    public static final Dataset JAY_CHOU_LYRICS = new Dataset("Jay Chou lyrics", "jaychou_lyrics.txt.zip",
            "aea46bd5d5fb2f05d6cd38d8e6b461d679fa4f00",
            URI.create("https://raw.githubusercontent.com/d2l-ai/d2l-zh/"
                    + "89403b9792861d86a0f1735cdd4a3d60c423f5a2/data/jaychou_lyrics.txt.zip"));

    /** Validates the fields; the SHA-1 is kept in lower case. */
    public Dataset {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(url, "url");
        if (fileName == null || fileName.isBlank() || fileName.contains("/") || fileName.contains("\\")) {
            throw new IllegalArgumentException("A dataset file name must be a plain file name, got '" + fileName + "'");
        }
        sha1 = sha1 == null ? "" : sha1.toLowerCase(Locale.ROOT);
        if (!SHA1.matcher(sha1).matches()) {
            throw new IllegalArgumentException("The SHA-1 of " + fileName + " must be 40 hexadecimal digits, got '"
                    + sha1 + "'");
        }
    }

    @Override
    public String toString() {
        return fileName + " (" + title + ")";
    }
}
