package dev.d2l.rnn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorporaTest {

    @TempDir
    Path dir;

    @Test
    void timeMachineLinesAreLettersOnlyLowerCase() {
        List<String> lines = Corpora.readTimeMachine(TestData.store());
        // d2l 8.2 prints lines[0] and lines[10].
        assertEquals("the time machine by h g wells", lines.get(0));
        assertEquals("twinkled and his usually pale face was flushed and animated the", lines.get(10));
        assertEquals(3221, lines.size());
    }

    @Test
    void timeMachineCharacterCorpusMatchesD2l() {
        Corpus corpus = Corpora.loadCorpusTimeMachine(TestData.store(), TokenType.CHAR, -1);
        assertEquals(170_580, corpus.size());
        assertEquals(List.of("<unk>", " ", "e", "t", "a", "i", "n", "o", "s", "h", "r", "d", "l", "m", "u", "c", "f",
                "w", "g", "y", "p", "b", "v", "k", "x", "z", "j", "q"), corpus.vocab().tokens());
        assertEquals("the time machine by h g wells",
                String.join("", corpus.vocab().toTokens(Arrays.copyOf(corpus.indices(), 29))));
    }

    @Test
    void timeMachineWordVocabularyMatchesD2l() {
        Vocab vocab = Corpora.loadCorpusTimeMachine(TestData.store(), TokenType.WORD, 0).vocab();
        assertEquals(4_580, vocab.size());
        assertEquals(List.of(new Vocab.TokenFreq("the", 2261), new Vocab.TokenFreq("i", 1267),
                new Vocab.TokenFreq("and", 1245), new Vocab.TokenFreq("of", 1155)), vocab.tokenFreqs().subList(0, 4));
    }

    @Test
    void maxTokensCutsTheCorpusButNotTheVocabulary() {
        DatasetStore store = TestData.store();
        Corpus all = Corpora.loadCorpusTimeMachine(store, TokenType.CHAR, 0);
        Corpus cut = Corpora.loadCorpusTimeMachine(store, TokenType.CHAR, 10_000);
        assertEquals(10_000, cut.size());
        assertEquals(all.vocab(), cut.vocab());
        assertArrayEquals(Arrays.copyOf(all.indices(), 10_000), cut.indices());
    }

    @Test
    void moreTokensThanTheCorpusHasUsesAllOfThemAndSaysSo() {
        List<String> messages = new ArrayList<>();
        Logger logger = Logger.getLogger(Corpora.class.getName());
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                messages.add(new java.util.logging.SimpleFormatter().formatMessage(record));
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        logger.addHandler(handler);
        try {
            Corpus corpus = Corpora.loadCorpusTimeMachine(TestData.store(), TokenType.CHAR, 1_000_000);
            assertEquals(170_580, corpus.size());
        } finally {
            logger.removeHandler(handler);
        }
        assertEquals(1, messages.size(), messages.toString());
        assertTrue(messages.get(0).contains("170,580") && messages.get(0).contains("1,000,000"), messages.get(0));
    }

    @Test
    void jayChouLyricsAsD2lZh() {
        Corpus corpus = Corpora.loadJayChouLyrics(TestData.store(), Corpora.JAY_CHOU_CHARS);
        assertEquals(10_000, corpus.size());
        // 1,038 distinct characters in the first 10,000 (Python's len(set(...)) agrees), plus <unk>.
        assertEquals(1_039, corpus.vocab().size());
        // d2l-zh: corpus_chars[:40] begins with these lyrics; line breaks became spaces.
        assertEquals("想要有直升机 想要和你飞到宇宙去",
                String.join("", corpus.vocab().toTokens(Arrays.copyOf(corpus.indices(), 16))));
        assertEquals(64_925, Corpora.loadJayChouLyrics(TestData.store(), 0).size());
    }

    @Test
    void userTextKeepsCaseAndPunctuationAndCountsCodePoints() throws Exception {
        Path file = dir.resolve("poem.txt");
        Files.writeString(file, "\uFEFF你好, World!\r\n𝄞 clef\n", StandardCharsets.UTF_8);
        assertEquals(List.of("你好, World!", "𝄞 clef"), Corpora.readTextFile(file));

        Corpus chars = Corpora.loadTextFile(file, TokenType.CHAR, 0);
        // 10 + 1 (the line break, as a space) + 6 code points.
        assertEquals(17, chars.size());
        assertEquals("你好, World! 𝄞 clef", String.join("", chars.vocab().toTokens(chars.indices())));
        assertTrue(chars.vocab().tokens().contains("𝄞"));

        Corpus words = Corpora.loadTextFile(file, TokenType.WORD, 0);
        assertEquals(List.of("你好,", "World!", "𝄞", "clef"), words.vocab().toTokens(words.indices()));
    }
}
