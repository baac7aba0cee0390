package org.example.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.metric.Metric;
import ai.djl.metric.Metrics;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListener;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.translate.TranslateException;
import dev.d2l.rnn.data.Corpora;
import dev.d2l.rnn.data.Corpus;
import dev.d2l.rnn.data.DatasetStore;
import dev.d2l.rnn.data.Sampling;
import dev.d2l.rnn.data.SeqDataLoader;
import dev.d2l.rnn.data.TokenType;
import dev.d2l.rnn.engine.Engines;
import dev.d2l.rnn.model.RNNModel;
import dev.d2l.rnn.model.RecurrentCell;
import dev.d2l.rnn.model.RecurrentLayer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A host program that trains the concise RNN with DJL's own training API: {@code Model},
 * {@code Trainer}, {@code EasyTrain.fit}, DJL's loss and optimizer, a {@code SeqDataLoader} as
 * the DJL {@code Dataset}. The README's "Training through DJL's Trainer" is this code.
 */
class DjlTrainerTest {

    private static Corpus timeMachine() {
        String dataDir = System.getProperty("D2L_DATA_DIR", System.getenv("D2L_DATA_DIR"));
        assumeTrue(dataDir != null && Files.isDirectory(Path.of(dataDir)), "the host program reads The Time Machine from D2L_DATA_DIR");
        return Corpora.loadCorpusTimeMachine(DatasetStore.standard(), TokenType.CHAR, 10_000);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"PyTorch", "MXNet"})
    void djlsTrainerTrainsTheConciseRnn(String engineName) throws IOException, TranslateException {
        Corpus corpus = timeMachine();
        Engine engine = Engines.get(engineName);
        SeqDataLoader data = new SeqDataLoader(corpus.indices(), 32, 35, Sampling.RANDOM, 42);
        RNNModel block = new RNNModel(RecurrentLayer.builder().setCell(RecurrentCell.RNN_TANH).setHiddenSize(64).optSeed(42).build(),
                corpus.vocab().size(), 42);
        List<Metric> losses;
        try (Model model = Model.newInstance("rnn", engine.getEngineName())) {
            model.setBlock(block);
            losses = epochLosses(model, data, 10);
        }
        assertEquals(10, losses.size());
        double first = losses.get(0).getValue();
        double last = losses.get(9).getValue();
        // The untrained model's loss is about ln(28) = 3.33; d2l's concise RNN is near 2.3 (perplexity 10) after 10 epochs.
        assertTrue(first > 2.6 && last < 0.85 * first, "cross-entropy after 1 epoch " + first + ", after 10 " + last);
    }

    /**
     * Trains {@code model} with DJL's {@code EasyTrain.fit}: softmax cross-entropy, SGD at rate 1
     * with gradients clipped at 1 (d2l's setup); the training loss of every epoch.
     */
    static List<Metric> epochLosses(Model model, SeqDataLoader data, int epochs) throws IOException, TranslateException {
        DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                .optOptimizer(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(1f)).optClipGrad(1f).build())
                .addTrainingListeners(TrainingListener.Defaults.basic());
        try (Trainer trainer = model.newTrainer(config)) {
            trainer.setMetrics(new Metrics());
            trainer.initialize(new Shape(data.batchSize(), data.numSteps()));
            EasyTrain.fit(trainer, epochs, data, null);
            return trainer.getMetrics().getMetric("train_epoch_SoftmaxCrossEntropyLoss");
        }
    }
}
