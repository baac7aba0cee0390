package dev.d2l.rnn.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.d2l.rnn.data.Vocab;
import dev.d2l.rnn.train.EpochPosition;
import dev.d2l.rnn.train.UpdaterState;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each text file of a checkpoint, written and read by its own codec, without an engine. */
class TextCodecsTest {

    @Test
    void settingsKeepTheirOrderAndAnyOneLineValue() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("model", "gru");
        settings.put("dataset", "/data/my text = mine.txt");
        settings.put("empty", "");
        settings.put("a", "#not a comment");
        String text = SettingsText.text("settings of a test", settings);
        assertTrue(text.startsWith("# settings of a test\nmodel=gru\n"), text);
        assertEquals(settings, SettingsText.parse(text));
        assertEquals(List.copyOf(settings.keySet()), List.copyOf(SettingsText.parse(text).keySet()));

        assertThrows(IllegalArgumentException.class, () -> SettingsText.text("c", Map.of("a b", "x")));
        assertThrows(IllegalArgumentException.class, () -> SettingsText.text("c", Map.of("k", "x\ry")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SettingsText.parse("=value\n"));
        assertEquals("settings.txt has a line without key=value: '=value'", e.getMessage());
    }

    @Test
    void everyTokenOfAVocabularyComesBackExactly() {
        Vocab vocab = Vocab.restore(List.of("<unk>", " ", "\\", "a\nb", "c\rd", "\\n", "分开", ""));
        String text = VocabText.text(vocab);
        assertEquals("<unk>\n \n\\\\\na\\nb\nc\\rd\n\\\\n\n分开\n\n", text);
        assertEquals(vocab.tokens(), VocabText.parse(text).tokens());

        assertEquals("vocab.txt does not end with a line break",
                assertThrows(IllegalArgumentException.class, () -> VocabText.parse("<unk>\na")).getMessage());
        assertEquals("vocab.txt has an unknown escape in line 2",
                assertThrows(IllegalArgumentException.class, () -> VocabText.parse("<unk>\na\\t\n")).getMessage());
        assertEquals("vocab.txt lists a token twice",
                assertThrows(IllegalArgumentException.class, () -> VocabText.parse("<unk>\na\na\n")).getMessage());
    }

    @Test
    void aPositionComesBackToTheLastBitOfItsLoss() {
        EpochPosition position = new EpochPosition(3, 7, 123.45678901234567, 560);
        assertEquals(position, PositionText.parse(PositionText.text(position)));
        assertEquals(1 / 3.0, PositionText.parse(PositionText.text(new EpochPosition(1, 1, 1 / 3.0, 5))).lossTimesTokens());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PositionText.parse("epoch 3\nbatches 1\n"));
        assertEquals("position.txt must give epoch, batches, loss-times-tokens and tokens, got [epoch, batches]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> PositionText.parse("epoch 3\nbatches x\nloss-times-tokens 1\ntokens 5\n"));
        assertTrue(e.getMessage().startsWith("position.txt holds a value that is not a number"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PositionText.parse("epoch 3\nepoch 4\n"));
        assertEquals("position.txt has a line that is not understood: 'epoch 4'", e.getMessage());
    }

    @Test
    void anUpdatersNameAndCountersComeBackInTheirOrder() {
        Map<String, Long> counters = new LinkedHashMap<>();
        counters.put("W_xh/step", 12L);
        counters.put("b q/step", 999_999_999_999_999_999L);
        counters.put("largest", Long.MAX_VALUE);
        counters.put("smallest", Long.MIN_VALUE);
        String text = SavedUpdater.text(new UpdaterState("adam", Map.of(), counters));
        SavedUpdater saved = SavedUpdater.parse(text, null);
        assertEquals("adam", saved.name());
        assertEquals(counters, saved.counters());
        assertEquals(List.copyOf(counters.keySet()), List.copyOf(saved.counters().keySet()));
        assertNull(saved.arrays());

        assertThrows(IllegalArgumentException.class, () -> SavedUpdater.text(new UpdaterState("ad am", Map.of(), Map.of())));
        assertEquals("updater.txt does not name its updater",
                assertThrows(IllegalArgumentException.class, () -> SavedUpdater.parse("# nothing\n", null)).getMessage());
        assertEquals("updater.txt has a line that is not understood: 'counter 2 a'", assertThrows(IllegalArgumentException.class,
                () -> SavedUpdater.parse("updater adam\ncounter 1 a\ncounter 2 a\n", null)).getMessage());
        assertEquals("updater.txt has a line that is not understood: 'counter 9223372036854775808 a'",
                assertThrows(IllegalArgumentException.class,
                        () -> SavedUpdater.parse("updater adam\ncounter 9223372036854775808 a\n", null)).getMessage());
    }

    @Test
    void aRunStateComesBackAndOneWithoutAnEngineSaysSo() {
        RunState run = new RunState(2, List.of(27.25, 1 / 3.0), "MXNet", "1.9.0");
        assertEquals(run, RunState.parse(SettingsText.parse(run.text())));
        assertEquals(Optional.of("MXNet"), run.recordedEngine());

        RunState unknown = RunState.parse(Map.of("epochs-done", "1", "perplexity", "9.5"));
        assertEquals(new RunState(1, List.of(9.5), null, null), unknown);
        assertEquals(Optional.empty(), unknown.recordedEngine());
        assertFalse(unknown.text().contains("engine"), unknown.text());
        assertEquals(unknown, RunState.parse(SettingsText.parse(unknown.text())));

        assertNull(RunState.parse(Map.of("model", "gru")), "settings without a run's state hold none");
        assertEquals(new RunState(0, List.of(), null, null), RunState.parse(Map.of("epochs-done", "0")));
        assertThrows(IllegalArgumentException.class, () -> RunState.parse(Map.of("epochs-done", "1", "perplexity", "x")));
        assertThrows(IllegalArgumentException.class, () -> RunState.parse(Map.of("epochs-done", "1", "engine", "")));
        assertThrows(IllegalArgumentException.class, () -> new RunState(-1, List.of(), "PyTorch", "2.7.1"));
    }

    @Test
    void anIndexNamesOneSnapshotAndOnlyKnownFiles() {
        SnapshotIndex index = new SnapshotIndex("snapshot-12", Map.of("a.txt", "ab12"));
        List<String> lines = index.text().lines().toList();
        assertEquals(index, SnapshotIndex.parse(lines, "index.txt", Set.of("a.txt"), List.of("a.txt")));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SnapshotIndex.parse(List.of("snapshot snapshot-1", "snapshot snapshot-2"), "index.txt", Set.of(), List.of()));
        assertEquals("index.txt line 2 is not understood: 'snapshot snapshot-2'", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> SnapshotIndex.parse(List.of("snapshot ../elsewhere"), "index.txt", Set.of(), List.of()));
        assertEquals("index.txt line 1 is not understood: 'snapshot ../elsewhere'", e.getMessage());
    }

    @Test
    void anExcerptIsQuotedEscapedAndShort() {
        assertEquals("'a\\u0000b\\u2028'", Excerpt.of("a\u0000b\u2028"));
        assertEquals("'" + "x".repeat(60) + "...'", Excerpt.of("x".repeat(61)));
        assertEquals("'" + "x".repeat(60) + "'", Excerpt.of("x".repeat(60)));
    }
}
