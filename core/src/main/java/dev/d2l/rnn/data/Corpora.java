package dev.d2l.rnn.data;

import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The chapter's corpora (The Time Machine, Jay Chou's lyrics) and any UTF-8 text file, read,
 * tokenized and indexed as d2l does.
 */
public final class Corpora {

    /** How many characters of the lyrics d2l-zh keeps. */
    public static final int JAY_CHOU_CHARS = 10_000;

    private static final System.Logger LOG = System.getLogger(Corpora.class.getName());
    private static final Pattern NON_LETTERS = Pattern.compile("[^A-Za-z]+");
    private static final String LYRICS_ENTRY = "jaychou_lyrics.txt";
    /** Measured peak heap per byte of a text file while it is read and tokenized (examples/README.md, Reliability), with a margin. */
    static final long HEAP_BYTES_PER_FILE_BYTE = 24;

    private Corpora() {}

    /** {@link #readTimeMachine(DatasetStore)} from the {@linkplain DatasetStore#standard() standard store}. */
    public static List<String> readTimeMachine() {
        return readTimeMachine(DatasetStore.standard());
    }

    /**
     * The lines of The Time Machine as d2l's {@code read_time_machine}: every run of characters
     * other than A-Z and a-z becomes one space, then each line is trimmed and lower-cased.
     */
    public static List<String> readTimeMachine(DatasetStore store) {
        List<String> lines = new ArrayList<>();
        for (String line : TextFiles.lines(TextFiles.readUtf8(store.resolve(Dataset.TIME_MACHINE)))) {
            lines.add(NON_LETTERS.matcher(line).replaceAll(" ").trim().toLowerCase(Locale.ROOT));
        }
        return lines;
    }

    /** d2l's {@code load_corpus_time_machine(max_tokens)}: character tokens, from the standard store. */
    public static Corpus loadCorpusTimeMachine(int maxTokens) {
        return loadCorpusTimeMachine(DatasetStore.standard(), TokenType.CHAR, maxTokens);
    }

    /**
     * The Time Machine as token indices and vocabulary. The vocabulary counts the whole book;
     * the indices stop after {@code maxTokens} tokens, as in d2l.
     *
     * @param maxTokens how many tokens to keep; 0 or less keeps all
     */
    public static Corpus loadCorpusTimeMachine(DatasetStore store, TokenType type, int maxTokens) {
        return corpus(type.tokenize(readTimeMachine(store)), maxTokens, Dataset.TIME_MACHINE.title());
    }

    /** {@link #loadJayChouLyrics(DatasetStore, int)} with d2l-zh's 10,000 characters, from the standard store. */
    public static Corpus loadJayChouLyrics() {
        return loadJayChouLyrics(DatasetStore.standard(), JAY_CHOU_CHARS);
    }

    /**
     * Jay Chou's lyrics as d2l-zh's {@code load_data_jay_lyrics}: each {@code \n} and {@code \r}
     * becomes a space, the first {@code maxChars} characters (code points) are kept, and the
     * character vocabulary is built from those alone. Unlike d2l-zh, whose order comes from a
     * Python set, the vocabulary is a {@link Vocab}: {@code <unk>} first, then by frequency.
     *
     * @param maxChars how many characters to keep; 0 or less keeps all
     */
    public static Corpus loadJayChouLyrics(DatasetStore store, int maxChars) {
        String text = TextFiles.readZipEntry(store.resolve(Dataset.JAY_CHOU_LYRICS), LYRICS_ENTRY)
                .replace('\n', ' ').replace('\r', ' ');
        List<String> chars = TokenType.CHAR.tokenize(text);
        List<String> kept = truncate(chars, maxChars, Dataset.JAY_CHOU_LYRICS.title());
        Vocab vocab = Vocab.fromTokens(kept);
        return new Corpus(vocab.indicesOf(kept), vocab);
    }

    /**
     * The lines of any UTF-8 text file exactly as they are, without line breaks ({@code \n},
     * {@code \r\n}, {@code \r}) and without a leading byte-order mark.
     *
     * @throws DataException if the file is missing, unreadable, empty or not UTF-8
     */
    public static List<String> readTextFile(Path file) {
        return TextFiles.lines(TextFiles.readUtf8(file));
    }

    /**
     * Any UTF-8 text file as token indices and vocabulary. Nothing is filtered or lower-cased
     * (that is The Time Machine's own preprocessing). Word tokens are the lines' words; with
     * character tokens each line break counts as one space, as in the Jay Chou loader, so the
     * last word of a line does not run into the first of the next. The vocabulary counts the
     * whole file; the indices stop after {@code maxTokens}.
     *
     * @param maxTokens how many tokens to keep; 0 or less keeps all
     * @throws DataException if the file cannot be read or holds no tokens
     */
    public static Corpus loadTextFile(Path file, TokenType type, int maxTokens) {
        checkHeap(file);
        try {
            return tokenize(file, type, maxTokens);
        } catch (OutOfMemoryError e) {
            // Everything allocated here is garbage now; the JVM can go on and say what happened.
            throw new DataException("The Java heap ran out while reading " + file.toAbsolutePath() + " ("
                    + TextFiles.size(file) + " bytes); give the JVM more heap (-Xmx) or use a smaller file");
        }
    }

    /**
     * Refuses a file whose text cannot fit the heap as tokens, before reading it: the bytes, the
     * decoded text, its lines and a reference and an index per token take up to about
     * {@value #HEAP_BYTES_PER_FILE_BYTE} bytes of heap per byte of the file.
     */
    private static void checkHeap(Path file) {
        long size = TextFiles.size(file);
        Runtime runtime = Runtime.getRuntime();
        long free = runtime.maxMemory() - (runtime.totalMemory() - runtime.freeMemory());
        if (size > Integer.MAX_VALUE - 8 || size * HEAP_BYTES_PER_FILE_BYTE > free) {
            throw new DataException(file.toAbsolutePath() + " is " + size + " bytes; reading it as a corpus takes about "
                    + size * HEAP_BYTES_PER_FILE_BYTE / 1_000_000 + " MB of Java heap, and this JVM has " + free / 1_000_000
                    + " MB free (-Xmx sets the heap; a file can have at most " + (Integer.MAX_VALUE - 8) + " bytes)");
        }
    }

    private static Corpus tokenize(Path file, TokenType type, int maxTokens) {
        List<String> lines = readTextFile(file);
        List<List<String>> tokens = type == TokenType.CHAR
                ? List.of(TokenType.CHAR.tokenize(String.join(" ", lines)))
                : type.tokenize(lines);
        return corpus(tokens, maxTokens, file.toAbsolutePath().toString());
    }

    private static Corpus corpus(List<List<String>> lines, int maxTokens, String source) {
        List<String> tokens = new ArrayList<>();
        lines.forEach(tokens::addAll);
        Vocab vocab = Vocab.fromTokens(tokens);
        return new Corpus(vocab.indicesOf(truncate(tokens, maxTokens, source)), vocab);
    }

    private static List<String> truncate(List<String> tokens, int max, String source) {
        if (tokens.isEmpty()) {
            throw new DataException(source + " holds no tokens");
        }
        if (max <= 0 || max == tokens.size()) {
            return tokens;
        }
        if (max > tokens.size()) {
            LOG.log(Level.INFO, "{0} has {1} tokens, fewer than the {2} asked for; using all of them",
                    source, tokens.size(), max);
            return tokens;
        }
        return tokens.subList(0, max);
    }
}
