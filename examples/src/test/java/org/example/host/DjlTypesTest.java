package org.example.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.modality.nlp.Vocabulary;
import ai.djl.modality.nlp.embedding.TrainableWordEmbedding;
import ai.djl.modality.nlp.preprocess.LowerCaseConvertor;
import ai.djl.modality.nlp.preprocess.TextProcessor;
import ai.djl.modality.nlp.preprocess.Tokenizer;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import dev.d2l.rnn.data.Sampling;
import dev.d2l.rnn.data.SeqDataLoader;
import dev.d2l.rnn.data.TokenType;
import dev.d2l.rnn.data.Vocab;
import dev.d2l.rnn.engine.Engines;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** DJL code that expects DJL's types gets them: a vocabulary, tokenizers and a dataset. */
class DjlTypesTest {

    @Test
    void vocabIsTheVocabularyOfDjlsWordEmbedding() {
        Vocab vocab = Vocab.fromTokens(TokenType.WORD.tokenize("the time machine by the time traveller"));
        Vocabulary vocabulary = vocab;
        assertEquals(6, vocabulary.size());
        assertEquals(1, vocabulary.getIndex("the"));
        assertEquals(Vocab.UNKNOWN_INDEX, vocabulary.getIndex("zebra"));
        assertTrue(vocabulary.contains("machine"));
        assertFalse(vocabulary.contains("zebra"));
        assertEquals("time", vocabulary.getToken(2));

        TrainableWordEmbedding embedding = new TrainableWordEmbedding(vocab, 4);
        assertEquals(vocab.getIndex("traveller"), embedding.preprocessWordToEmbed("traveller"));
        assertEquals(Vocab.UNKNOWN_INDEX, embedding.preprocessWordToEmbed("zebra"), "an unknown word embeds as <unk>");
        try (NDManager manager = Engines.get("PyTorch").newBaseManager()) {
            assertEquals("machine", embedding.unembedWord(manager.create(vocab.getIndex("machine"))));
        }
    }

    @Test
    void tokenTypesAreDjlTokenizersInATextPipeline() {
        Tokenizer words = TokenType.WORD;
        assertEquals(List.of("the", "time", "machine"), words.tokenize("the  time\tmachine "));
        assertEquals("the time machine", words.buildSentence(List.of("the", "time", "machine")));
        Tokenizer chars = TokenType.CHAR;
        assertEquals("time 𝄞", chars.buildSentence(chars.tokenize("time 𝄞")));

        List<TextProcessor> pipeline = List.of(new LowerCaseConvertor(), TokenType.CHAR);
        List<String> tokens = List.of("The Time", "Machine");
        for (TextProcessor processor : pipeline) {
            tokens = processor.preprocess(tokens);
        }
        assertEquals(List.of("t", "h", "e", " ", "t", "i", "m", "e", "m", "a", "c", "h", "i", "n", "e"), tokens);
    }

    @Test
    void aRandomlySampledLoaderIsADjlDatasetWithStepMajorLabels() throws Exception {
        int[] corpus = new int[101];
        for (int i = 0; i < corpus.length; i++) {
            corpus[i] = i;
        }
        Dataset dataset = new SeqDataLoader(corpus, 2, 5, Sampling.RANDOM, 7);
        SeqDataLoader same = new SeqDataLoader(corpus, 2, 5, Sampling.RANDOM, 7);
        List<SeqDataLoader.Minibatch> expected = new ArrayList<>();
        same.iterator().forEachRemaining(expected::add);

        try (NDManager manager = Engines.get("PyTorch").newBaseManager()) {
            int seen = 0;
            for (Batch batch : dataset.getData(manager)) {
                NDManager scope = batch.getManager();
                try (batch) {
                    SeqDataLoader.Minibatch minibatch = expected.get(seen);
                    assertEquals(new Shape(2, 5), batch.getData().singletonOrThrow().getShape());
                    assertEquals(DataType.INT32, batch.getData().singletonOrThrow().getDataType());
                    assertArrayEquals(minibatch.x(), batch.getData().singletonOrThrow().toIntArray());
                    int[] stepMajor = new int[10];
                    for (int t = 0; t < 5; t++) {
                        for (int b = 0; b < 2; b++) {
                            stepMajor[t * 2 + b] = minibatch.y()[b * 5 + t];
                        }
                    }
                    assertArrayEquals(stepMajor, batch.getLabels().singletonOrThrow().toIntArray(), "Y.T.reshape(-1)");
                    assertEquals(2, batch.getSize());
                    assertEquals(seen, batch.getProgress());
                    assertEquals(expected.size(), batch.getProgressTotal());
                }
                assertFalse(scope.isOpen(), "a batch's arrays live in a manager of their own, closed with the batch");
                seen++;
            }
            assertEquals(expected.size(), seen);
        }
    }

    @Test
    void sequentialPartitioningIsNotADjlDataset() {
        Dataset sequential = new SeqDataLoader(new int[200], 4, 5, Sampling.SEQUENTIAL, 0);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> sequential.getData(null));
        assertTrue(e.getMessage().contains("random sampling only"), e.getMessage());
    }
}
