package dev.d2l.rnn.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.d2l.rnn.data.Sampling;
import dev.d2l.rnn.data.SeqDataLoader;
import dev.d2l.rnn.data.TokenType;
import dev.d2l.rnn.data.Vocab;
import dev.d2l.rnn.model.RNNModelScratch;
import dev.d2l.rnn.testing.EngineTestBase;
import dev.d2l.rnn.testing.TinyCorpus;
import dev.d2l.rnn.train.GradientSource;
import dev.d2l.rnn.train.LanguageModelTrainer;
import dev.d2l.rnn.train.Sgd;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** d2l's predict_ch8 on a model trained briefly on a tiny corpus. */
public abstract class GenerationSuite extends EngineTestBase {

    private NDManager scope;
    private TextGenerator generator;

    @BeforeAll
    void train() {
        scope = manager().newSubManager();
        RNNModelScratch net = new RNNModelScratch(scope, TinyCorpus.vocabSize(), 64, RNNModelScratch.Activation.TANH, 5);
        SeqDataLoader data = new SeqDataLoader(TinyCorpus.indices(5000), 16, 20, Sampling.SEQUENTIAL, 5);
        LanguageModelTrainer.builder(net, GradientSource.preferred(engine(), net), new Sgd(1f)).build().fit(data, 40, scope);
        generator = new TextGenerator(net, TinyCorpus.vocab(), TokenType.CHAR);
    }

    @AfterAll
    void close() {
        scope.close();
    }

    @Test
    void greedyContinuationOfTheTrainedTextFollowsIt() {
        String text = generator.predict("the time tr", 9, scope);
        assertEquals("the time tr".length() + 9, text.length());
        assertTrue(text.startsWith("the time tr"));
        // 40 epochs on a 137-character loop are enough to learn the next word.
        assertEquals("the time traveller", text.substring(0, 18), text);
    }

    @Test
    void samplingIsRepeatableWithASeedAndNearlyGreedyAtLowTemperature() {
        String a = generator.sample("the ", 40, 1.5f, new Random(3), scope);
        String b = generator.sample("the ", 40, 1.5f, new Random(3), scope);
        assertEquals(a, b);
        String c = generator.sample("the ", 40, 1.5f, new Random(4), scope);
        assertNotEquals(a, c, "different seeds, different text at T = 1.5");
        assertEquals(generator.predict("the ", 40, scope), generator.sample("the ", 40, 1e-3f, new Random(5), scope));
    }

    @Test
    void topKOfOneIsGreedy() {
        String greedy = generator.predict("the ", 40, scope);
        assertEquals(greedy, generator.generate("the ", 40, 1, Decoding.sample(2f).topK(1), new Random(1), scope).get(0));
        assertEquals(greedy, generator.generate("the ", 40, 1, Decoding.sample(2f).topP(1e-9), new Random(1), scope).get(0),
                "a nucleus that the top token alone fills");
    }

    @Test
    void severalSamplesInOneBatchAreSeededAndTheFirstIsTheSingleSample() {
        Decoding decoding = Decoding.sample(1.5f);
        List<String> three = generator.generate("the ", 30, 3, decoding, new Random(3), scope);
        assertEquals(3, three.size());
        assertEquals(three, generator.generate("the ", 30, 3, decoding, new Random(3), scope));
        // 30 tokens of one character each, but for <unk>, which T = 1.5 draws now and then.
        assertTrue(three.stream().allMatch(t -> t.startsWith("the ") && t.replace(Vocab.UNKNOWN, "?").length() == 34),
                three.toString());
        assertEquals(3, three.stream().distinct().count(), "three draws at T = 1.5 differ: " + three);
        // One row draws what a single sample draws, from the same seed.
        assertEquals(generator.sample("the ", 30, 1.5f, new Random(3), scope),
                generator.generate("the ", 30, 1, decoding, new Random(3), scope).get(0));
        List<String> greedy = generator.generate("the ", 30, 2, Decoding.greedy(), null, scope);
        assertEquals(List.of(generator.predict("the ", 30, scope), generator.predict("the ", 30, scope)), greedy);
    }

    @Test
    void unknownPrefixTokensReadAsUnk() {
        String text = generator.predict("Q", 3, scope);
        assertTrue(text.startsWith(Vocab.UNKNOWN), text);
        assertEquals(Vocab.UNKNOWN.length() + 3, text.length());
    }

    @Test
    void badArgumentsAreClearErrors() {
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> generator.predict("", 5, scope));
        assertTrue(empty.getMessage().startsWith("The prefix is empty"), empty.getMessage());
        assertThrows(IllegalArgumentException.class, () -> generator.predict("the", -1, scope));
        IllegalArgumentException cold =
                assertThrows(IllegalArgumentException.class, () -> generator.sample("the", 5, 0f, new Random(), scope));
        assertTrue(cold.getMessage().contains("Temperature"), cold.getMessage());
        Vocab other = Vocab.fromTokens(List.of("a", "b"));
        RNNModelScratch small = new RNNModelScratch(scope, 5, 4, RNNModelScratch.Activation.TANH, 1);
        IllegalArgumentException mismatch =
                assertThrows(IllegalArgumentException.class, () -> new TextGenerator(small, other, TokenType.CHAR));
        assertEquals("The vocabulary has 3 tokens but the model predicts 5", mismatch.getMessage());
    }

    @Test
    void wordTokensJoinWithSpaces() {
        Vocab words = Vocab.fromTokens(List.of("time", "traveller", "the", "the"));
        RNNModelScratch net = new RNNModelScratch(scope, words.size(), 8, RNNModelScratch.Activation.TANH, 2);
        String text = new TextGenerator(net, words, TokenType.WORD).predict("the  time", 2, scope);
        assertEquals(4, text.split(" ").length, text);
        assertTrue(text.startsWith("the time "), text);
    }
}
