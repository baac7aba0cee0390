package dev.d2l.rnn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.d2l.rnn.data.CorpusSplit;
import dev.d2l.rnn.data.Sampling;
import dev.d2l.rnn.data.SeqDataLoader;
import dev.d2l.rnn.model.LanguageModel;
import dev.d2l.rnn.model.RNNModel;
import dev.d2l.rnn.model.RecurrentCell;
import dev.d2l.rnn.model.RecurrentLayer;
import dev.d2l.rnn.model.RNNModelScratch;
import dev.d2l.rnn.testing.EngineTestBase;
import dev.d2l.rnn.testing.TinyCorpus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Held-out perplexity, the best epoch, patience and learning-rate schedules on one engine. */
public abstract class HeldOutSuite extends EngineTestBase {

    private static final int V = TinyCorpus.vocabSize();
    private static final CorpusSplit SPLIT = CorpusSplit.of(TinyCorpus.indices(3000), 0.2, 0.1);

    private RNNModelScratch model(NDManager m) {
        return new RNNModelScratch(m, V, 24, RNNModelScratch.Activation.TANH, 3);
    }

    private SeqDataLoader loader() {
        return new SeqDataLoader(SPLIT.train(), 8, 10, Sampling.SEQUENTIAL, 1);
    }

    private static HeldOutPerplexity validation() {
        return new HeldOutPerplexity(SPLIT.valid(), 4, 10);
    }

    @Test
    void anUntrainedModelIsNearTheVocabularySize() {
        try (NDManager m = manager().newSubManager()) {
            double perplexity = validation().of(model(m), m);
            assertEquals(V, perplexity, 0.02 * V);
        }
    }

    @Test
    void evaluationChangesNoParameterAndCarriesTheState() {
        try (NDManager m = manager().newSubManager()) {
            RNNModelScratch net = model(m);
            LanguageModelTrainer.builder(net, GradientSource.bptt(), new Sgd(1f)).build().fit(loader(), 2, m);
            Map<String, float[]> before = values(net);
            double short10 = validation().of(net, m);
            assertEquals(before.keySet(), values(net).keySet());
            before.forEach((name, values) -> assertArrayEquals(values, values(net).get(name), name));
            assertEquals(short10, validation().of(net, m), "the same model, the same figure");
            // One minibatch over each whole column gives the same figure as 10-step minibatches only
            // if the state is carried from one minibatch to the next.
            double whole = new HeldOutPerplexity(SPLIT.valid(), 4, SPLIT.valid().length).of(net, m);
            assertEquals(whole, short10, 1e-4 * whole);
            assertTrue(short10 < 0.8 * V, "trained: " + short10);
        }
    }

    @Test
    void theBestParametersAreThoseOfTheLowestValidationPerplexity() {
        try (NDManager m = manager().newSubManager()) {
            RNNModelScratch net = model(m);
            BestParameters best = new BestParameters(net.parameters());
            // lr 4 makes validation go up and down, so the best epoch is not simply the last.
            LanguageModelTrainer.Result result = LanguageModelTrainer.builder(net, GradientSource.bptt(), new Sgd(4f))
                    .validation(validation()).listener(best).build().fit(loader(), 5, m);
            double lowest = result.bestValidPerplexity();
            int bestEpoch = best.epoch().orElseThrow();
            assertEquals(lowest, result.epochs().get(bestEpoch - 1).validPerplexity());
            assertTrue(result.epochs().get(0).improved());
            best.restore();
            assertEquals(lowest, validation().of(net, m), 1e-6 * lowest);
        }
    }

    @Test
    void patienceStopsTheRun() {
        try (NDManager m = manager().newSubManager()) {
            RNNModelScratch net = model(m);
            // A learning rate too small to move a float32 weight: every later epoch ties the first.
            LanguageModelTrainer.Result result = LanguageModelTrainer.builder(net, GradientSource.bptt(), new Sgd(1e-30f))
                    .validation(validation()).patience(2).build().fit(loader(), 10, m);
            assertEquals(3, result.epochs().size());
            assertTrue(result.stoppedEarly());
            assertFalse(result.epochs().get(2).improved());
        }
    }

    @Test
    void aResumedScheduleContinuesExactly() {
        LearningRateSchedule schedule = LearningRateSchedule.constant(4).anneal(2).decay(0.9, 2);
        try (NDManager m = manager().newSubManager()) {
            RNNModelScratch straight = model(m);
            LanguageModelTrainer.Result all = LanguageModelTrainer.builder(straight, GradientSource.bptt(), new Sgd(4f))
                    .validation(validation()).schedule(schedule).build().fit(loader(), 5, m);

            RNNModelScratch stopped = model(m);
            LanguageModelTrainer.Result first = LanguageModelTrainer.builder(stopped, GradientSource.bptt(), new Sgd(4f))
                    .validation(validation()).schedule(schedule).build().fit(loader(), 2, m);
            List<Double> history = new ArrayList<>();
            first.epochs().forEach(e -> history.add(e.validPerplexity()));
            LanguageModelTrainer.Result rest = LanguageModelTrainer.builder(stopped, GradientSource.bptt(), new Sgd(4f))
                    .validation(validation()).schedule(schedule).history(history).build().resume(loader(), 2, 5, m);

            List<Double> rates = all.epochs().stream().map(TrainListener.EpochReport::learningRate).toList();
            List<Double> resumed = new ArrayList<>();
            first.epochs().forEach(e -> resumed.add(e.learningRate()));
            rest.epochs().forEach(e -> resumed.add(e.learningRate()));
            assertEquals(rates, resumed);
            for (int e = 0; e < 5; e++) {
                assertEquals(schedule.rate(e + 1, history(all)), rates.get(e).floatValue(), "epoch " + (e + 1));
            }
            values(straight).forEach((name, values) -> assertArrayEquals(values, values(stopped).get(name), name));
            assertThrows(IllegalArgumentException.class, () -> LanguageModelTrainer.builder(stopped, GradientSource.bptt(),
                    new Sgd(4f)).validation(validation()).schedule(schedule).build().resume(loader(), 2, 5, m));
        }
    }

    /**
     * A run stopped inside an epoch and resumed there, with validation, an annealed and decayed
     * learning rate, an embedding and dropout (masks numbered by epoch and minibatch), ends with
     * the learning rates and the parameters of one never stopped.
     */
    @Test
    void aRunStoppedMidEpochResumesItsScheduleAndDropoutExactly() {
        LearningRateSchedule schedule = LearningRateSchedule.constant(2).anneal(2).decay(0.8, 1);
        try (NDManager m = manager().newSubManager()) {
            RNNModel straight = droppingModel(m);
            LanguageModelTrainer.Result all = LanguageModelTrainer.builder(straight, GradientSource.bptt(), new Sgd(2f))
                    .validation(validation()).schedule(schedule).build().fit(loader(), 4, m);

            RNNModel stopped = droppingModel(m);
            Sgd sgd = new Sgd(2f);
            StopRequest stop = new StopRequest();
            NDList carried = new NDList();
            LanguageModelTrainer.Result first = LanguageModelTrainer.builder(stopped, GradientSource.bptt(), sgd)
                    .validation(validation()).schedule(schedule).stopOn(stop)
                    .listener(new TrainListener() {
                        @Override
                        public void onBatch(BatchReport report) {
                            if (report.epoch() == 3 && report.batch() == 4) {
                                stop.request();
                            }
                        }

                        @Override
                        public void onStop(StopReport report) {
                            for (NDArray array : report.state()) {
                                NDArray copy = array.duplicate();
                                copy.attach(m);
                                carried.add(copy);
                            }
                        }
                    }).build().fit(loader(), 4, m);
            EpochPosition at = first.stoppedAt();
            assertEquals(3, at.epoch());
            assertEquals(5, at.batches());
            List<Double> history = new ArrayList<>();
            first.epochs().forEach(e -> history.add(e.validPerplexity()));
            LanguageModelTrainer.Result rest = LanguageModelTrainer.builder(stopped, GradientSource.bptt(), sgd)
                    .validation(validation()).schedule(schedule).history(history).build()
                    .resume(loader(), at, carried, 4, m);

            List<Double> resumed = new ArrayList<>();
            first.epochs().forEach(e -> resumed.add(e.learningRate()));
            rest.epochs().forEach(e -> resumed.add(e.learningRate()));
            assertEquals(all.epochs().stream().map(TrainListener.EpochReport::learningRate).toList(), resumed);
            assertEquals(all.epochs().get(3).validPerplexity(), rest.epochs().get(1).validPerplexity(), 0.0);
            values(straight).forEach((name, values) -> assertArrayEquals(values, values(stopped).get(name), name));
        }
    }

    private static RNNModel droppingModel(NDManager m) {
        RecurrentLayer layer = RecurrentLayer.builder().setCell(RecurrentCell.LSTM).setHiddenSize(12).optLayers(2).optSeed(3)
                .build();
        return RNNModel.builder(layer, V).optSeed(3).optEmbedding(8).optDropout(0.3).create(m);
    }

    @Test
    void annealingAndPatienceNeedValidation() {
        try (NDManager m = manager().newSubManager()) {
            RNNModelScratch net = model(m);
            assertThrows(IllegalArgumentException.class, () -> LanguageModelTrainer.builder(net, GradientSource.bptt(),
                    new Sgd(1f)).patience(2).build());
            assertThrows(IllegalArgumentException.class, () -> LanguageModelTrainer.builder(net, GradientSource.bptt(),
                    new Sgd(1f)).schedule(LearningRateSchedule.constant(1).anneal(4)).build());
        }
    }

    @Test
    void aHeldOutPartTooShortIsAnErrorWithTheNumbers() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new HeldOutPerplexity(new int[15], 10, 35));
        assertTrue(e.getMessage().contains("15 tokens is too short for 10 columns: it needs at least 20"), e.getMessage());
    }

    private static List<Double> history(LanguageModelTrainer.Result result) {
        return result.epochs().stream().map(TrainListener.EpochReport::validPerplexity).toList();
    }

    private static Map<String, float[]> values(LanguageModel net) {
        Map<String, float[]> values = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, NDArray> e : net.parameters().entrySet()) {
            values.put(e.getKey(), e.getValue().toFloatArray());
        }
        return values;
    }
}
