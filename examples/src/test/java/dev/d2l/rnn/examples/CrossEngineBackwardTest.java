package dev.d2l.rnn.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import dev.d2l.rnn.data.Sampling;
import dev.d2l.rnn.data.SeqDataLoader;
import dev.d2l.rnn.data.TokenType;
import dev.d2l.rnn.data.Vocab;
import dev.d2l.rnn.engine.Engines;
import dev.d2l.rnn.model.RNNModel;
import dev.d2l.rnn.model.RecurrentCell;
import dev.d2l.rnn.model.RecurrentLayer;
import dev.d2l.rnn.train.GradientSource;
import dev.d2l.rnn.train.LanguageModelTrainer;
import dev.d2l.rnn.train.Sgd;
import dev.d2l.rnn.train.TrainListener;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The concise model trains on TensorFlow through its written-out backward pass (the engine's
 * preferred gradient source there) as it does on PyTorch through autograd: from the same
 * weights and the same minibatches, the same perplexity epoch by epoch.
 */
class CrossEngineBackwardTest {

    private static final String TEXT = "the time traveller for so it will be convenient to speak of him "
            + "was expounding a recondite matter to us his grey eyes shone and twinkled ";

    @ParameterizedTest
    @EnumSource(value = RecurrentCell.class, names = {"RNN_TANH", "GRU", "LSTM"})
    void tensorFlowTrainsTheConciseModelAsPyTorchDoes(RecurrentCell cell) {
        Run tensorFlow = train("TensorFlow", cell);
        Run pyTorch = train("PyTorch", cell);
        assertEquals("bptt", tensorFlow.source());
        assertEquals("autograd", pyTorch.source());
        double first = tensorFlow.perplexities().get(0);
        double last = tensorFlow.perplexities().get(tensorFlow.perplexities().size() - 1);
        assertTrue(last < first * 0.8, "TensorFlow perplexity " + tensorFlow.perplexities());
        for (int epoch = 0; epoch < pyTorch.perplexities().size(); epoch++) {
            double expected = pyTorch.perplexities().get(epoch);
            assertEquals(expected, tensorFlow.perplexities().get(epoch), 0.02 * expected,
                    "epoch " + (epoch + 1) + ": TensorFlow " + tensorFlow.perplexities() + ", PyTorch " + pyTorch.perplexities());
        }
    }

    private record Run(String source, List<Double> perplexities) {}

    private static Run train(String engineName, RecurrentCell cell) {
        List<String> chars = TokenType.CHAR.tokenize(TEXT);
        Vocab vocab = Vocab.fromTokens(chars);
        int[] corpus = new int[3000];
        for (int i = 0; i < corpus.length; i++) {
            corpus[i] = (int) vocab.getIndex(chars.get(i % chars.size()));
        }
        Engine engine = Engines.get(engineName);
        try (NDManager manager = engine.newBaseManager()) {
            RecurrentLayer layer = RecurrentLayer.builder().setCell(cell).setHiddenSize(32).optSeed(42).build();
            RNNModel model = RNNModel.create(manager, layer, vocab.size(), 42);
            GradientSource source = engineName.equals("PyTorch") ? GradientSource.autograd(engine) : GradientSource.preferred(engine, model);
            LanguageModelTrainer.Result result = LanguageModelTrainer.builder(model, source, new Sgd(1f))
                    .build()
                    .fit(new SeqDataLoader(corpus, 16, 20, Sampling.SEQUENTIAL, 42), 6, manager);
            return new Run(source.name(), result.epochs().stream().map(TrainListener.EpochReport::perplexity).toList());
        }
    }
}
