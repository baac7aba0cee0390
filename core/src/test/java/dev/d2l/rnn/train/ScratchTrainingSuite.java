package dev.d2l.rnn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.d2l.rnn.data.Sampling;
import dev.d2l.rnn.data.SeqDataLoader;
import dev.d2l.rnn.engine.Capabilities;
import dev.d2l.rnn.engine.Capability;
import dev.d2l.rnn.engine.MissingCapabilityException;
import dev.d2l.rnn.model.CrossEntropy;
import dev.d2l.rnn.model.LanguageModel;
import dev.d2l.rnn.model.RNNModelScratch;
import dev.d2l.rnn.testing.DelegatingModel;
import dev.d2l.rnn.testing.EngineTestBase;
import dev.d2l.rnn.testing.TinyCorpus;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The scratch RNN and d2l's train_ch8 loop on one engine (d2l 8.4, 8.5). */
public abstract class ScratchTrainingSuite extends EngineTestBase {

    private static final int V = TinyCorpus.vocabSize();

    /** Autograd where the engine has it, so that the recorded path is the one exercised here; else BPTT. */
    protected GradientSource gradientSource() {
        return Capabilities.of(engine()).has(Capability.AUTOGRAD) ? GradientSource.autograd(engine()) : GradientSource.bptt();
    }

    @Test
    void theDefaultIsTheExplicitPassAndTrainsAsTheTestedSourceDoes() {
        try (NDManager m = manager().newSubManager()) {
            double[][] perplexities = new double[2][];
            for (int run = 0; run < 2; run++) {
                RNNModelScratch net = new RNNModelScratch(m, V, 32, RNNModelScratch.Activation.TANH, 5);
                GradientSource source = run == 0 ? GradientSource.preferred(engine(), net) : gradientSource();
                if (run == 0) {
                    assertEquals("bptt", source.name());
                }
                SeqDataLoader data = new SeqDataLoader(TinyCorpus.indices(2000), 8, 10, Sampling.SEQUENTIAL, 1);
                perplexities[run] = LanguageModelTrainer.builder(net, source, new Sgd(1f)).build().fit(data, 4, m).epochs()
                        .stream().mapToDouble(TrainListener.EpochReport::perplexity).toArray();
            }
            assertTrue(perplexities[0][3] < perplexities[0][0] * 0.8, java.util.Arrays.toString(perplexities[0]));
            for (int epoch = 0; epoch < 4; epoch++) {
                assertEquals(perplexities[1][epoch], perplexities[0][epoch], 1e-4 * perplexities[1][epoch], "epoch " + (epoch + 1));
            }
        }
    }

    @Test
    void eachGradientChoiceMeansOneThingForEveryModel() {
        try (NDManager m = manager().newSubManager()) {
            RNNModelScratch net = new RNNModelScratch(m, V, 8, RNNModelScratch.Activation.TANH, 5);
            boolean autograd = Capabilities.of(engine()).has(Capability.AUTOGRAD);
            assertEquals(GradientSource.preferred(engine(), net).name(), GradientChoice.AUTO.resolve(engine(), net).name());
            assertEquals(autograd ? "autograd" : "bptt", GradientChoice.AUTO.resolve(engine(), true).name());
            assertEquals("bptt", GradientChoice.AUTO.resolve(engine(), false).name());
            assertEquals("bptt", GradientChoice.BPTT.resolve(engine(), true).name());
            TrainingSpec attached = TrainingSpec.builder().detachState(false).build();
            if (autograd) {
                assertEquals("autograd", GradientChoice.AUTOGRAD.resolve(engine(), net).name());
                assertTrue(attached.gradientSource(engine(), net).recordsGraph());
            } else {
                assertThrows(MissingCapabilityException.class, () -> GradientChoice.AUTOGRAD.resolve(engine(), net));
                assertThrows(MissingCapabilityException.class, () -> attached.gradientSource(engine(), net));
            }
        }
    }

    @Test
    void outputAndStateShapesAsInTheBook() {
        try (NDManager m = manager().newSubManager()) {
            RNNModelScratch net = new RNNModelScratch(m, 28, 512, RNNModelScratch.Activation.TANH, 0);
            NDArray x = m.arange(10).reshape(2, 5).toType(ai.djl.ndarray.types.DataType.INT32, false);
            LanguageModel.Output out = net.forward(x, net.beginState(m, 2));
            assertEquals(new Shape(10, 28), out.logits().getShape());
            assertEquals(1, out.state().size());
            assertEquals(new Shape(2, 512), out.state().get(0).getShape());
        }
    }

    @Test
    void logitsAreStepMajor() {
        try (NDManager m = manager().newSubManager()) {
            RNNModelScratch net = new RNNModelScratch(m, V, 16, RNNModelScratch.Activation.TANH, 1);
            NDArray x = m.create(new int[] {3, 4, 5, 6, 7, 8}, new Shape(2, 3));
            NDArray logits = net.forward(x, net.beginState(m, 2)).logits();
            // Row t*B + b is step t of sequence b: the first step of sequence 1 depends on token 6 only,
            // so it equals the first step of a batch of one that starts with token 6.
            NDArray alone = net.forward(m.create(new int[] {6}, new Shape(1, 1)), net.beginState(m, 1)).logits();
            assertArrayEquals(alone.toFloatArray(), logits.get(1).toFloatArray(), 1e-6f);
        }
    }

    @Test
    void untrainedLossIsCloseToLogV() {
        try (NDManager m = manager().newSubManager()) {
            RNNModelScratch net = new RNNModelScratch(m, V, 64, RNNModelScratch.Activation.TANH, 2);
            SeqDataLoader.Minibatch batch = new SeqDataLoader(TinyCorpus.indices(400), 4, 10, Sampling.SEQUENTIAL, 0)
                    .iterator().next();
            NDList xy = batch.toNDList(m);
            NDArray logits = net.forward(xy.get(0), net.beginState(m, 4)).logits();
            float loss = CrossEntropy.mean(logits, CrossEntropy.stepMajor(xy.get(1))).getFloat();
            assertEquals(Math.log(V), loss, 0.01);
        }
    }

    @Test
    void clippingScalesToThetaOnlyAboveIt() {
        try (NDManager m = manager().newSubManager()) {
            NDArray a = m.create(new float[] {3f, 0f});
            NDArray b = m.create(new float[] {4f});
            assertEquals(5f, GradientClipping.clip(List.of(a, b), 1f), 1e-6f);
            assertArrayEquals(new float[] {0.6f, 0f}, a.toFloatArray(), 1e-6f);
            assertArrayEquals(new float[] {0.8f}, b.toFloatArray(), 1e-6f);
            NDArray c = m.create(new float[] {0.3f, -0.4f});
            assertEquals(0.5f, GradientClipping.clip(List.of(c), 1f), 1e-6f);
            assertArrayEquals(new float[] {0.3f, -0.4f}, c.toFloatArray(), 0f);
            assertThrows(IllegalArgumentException.class, () -> GradientClipping.clip(List.of(c), 0f));
        }
    }

    /** Matrices, a 3-d array and a scalar count every element once: the norm of 1..12 and 2 is sqrt(654). */
    @Test
    void clippingNormCoversArraysOfEveryShape() {
        try (NDManager m = manager().newSubManager()) {
            NDArray matrix = m.arange(1f, 7f).reshape(2, 3);
            NDArray cube = m.arange(7f, 13f).reshape(1, 3, 2);
            NDArray scalar = m.create(2f);
            float norm = (float) Math.sqrt(654);
            assertEquals(norm, GradientClipping.clip(List.of(matrix, cube, scalar), 2f), 1e-4f);
            assertArrayEquals(new float[] {8f / norm, 10f / norm, 12f / norm}, matrix.get("1, :").toFloatArray(), 1e-6f);
            assertArrayEquals(new float[] {14f / norm, 18f / norm, 22f / norm}, cube.get("0, :, 0").toFloatArray(), 1e-6f);
            assertEquals(4f / norm, scalar.getFloat(), 1e-6f);
        }
    }

    /** The portable SGD that {@code Updater.sgd} is gives DJL's {@code Optimizer.sgd()}'s weights bit for bit. */
    @Test
    void sgdIsDjlsSgdExactly() {
        assumeTrue(Capabilities.of(engine()).has(Capability.OPTIMIZER_UPDATES), "DJL's SGD is the reference here");
        try (NDManager m = manager().newSubManager()) {
            NDArray gradient = m.create(new float[] {0.3f, -1.7f, 2.9e-3f, 11f, -4e-5f, 0.1f}, new Shape(2, 3));
            NDArray ours = m.create(new float[] {1f, -2f, 0.5f, 3e-3f, 7f, -0.25f}, new Shape(2, 3));
            NDArray djls = ours.duplicate();
            Updater.sgd(0.37f).update("w", ours, gradient);
            new OptimizerUpdater(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.37f)).build())
                    .update("w", djls, gradient);
            assertArrayEquals(djls.toFloatArray(), ours.toFloatArray(), 0f);
        }
    }

    @ParameterizedTest
    @EnumSource(Sampling.class)
    void shortRunLearnsTheCorpus(Sampling sampling) {
        LanguageModelTrainer.Result result = train(sampling, RNNModelScratch.Activation.TANH, 3, 12);
        double first = result.epochs().get(0).perplexity();
        double last = result.perplexity();
        assertTrue(first > 10, "first epoch perplexity " + first);
        assertTrue(last < first / 2, "perplexity " + first + " -> " + last);
    }

    @Test
    void reluVariantTrainsToo() {
        LanguageModelTrainer.Result result = train(Sampling.SEQUENTIAL, RNNModelScratch.Activation.RELU, 4, 12);
        assertTrue(result.perplexity() < result.epochs().get(0).perplexity() / 2, result.epochs().toString());
    }

    @Test
    void trainsWithTheUpdatersWithoutLeaking() {
        List<String> updaters = new ArrayList<>(List.of("sgd", "adam"));
        if (Capabilities.of(engine()).has(Capability.OPTIMIZER_UPDATES)) {
            updaters.add("DJL's adam");
        }
        for (String name : updaters) {
            try (NDManager m = manager().newSubManager()) {
                RNNModelScratch net = new RNNModelScratch(m, V, 32, RNNModelScratch.Activation.TANH, 10);
                SeqDataLoader data = new SeqDataLoader(TinyCorpus.indices(2000), 8, 10, Sampling.SEQUENTIAL, 1);
                Updater updater = switch (name) {
                    case "sgd" -> Updater.sgd(1f);
                    case "adam" -> Updater.adam(m, 0.01f);
                    default -> new OptimizerUpdater(Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.01f)).build());
                };
                List<Integer> live = new ArrayList<>();
                LanguageModelTrainer.Result result = LanguageModelTrainer.builder(net, gradientSource(), updater)
                        .listener(new TrainListener() {
                            @Override
                            public void onEpoch(EpochReport report) {
                                live.add(m.getManagedArrays().size());
                            }
                        })
                        .build()
                        .fit(data, 6, m);
                assertTrue(result.perplexity() < result.epochs().get(0).perplexity() * 0.8, name + " " + result.epochs());
                assertEquals(live.get(1), live.get(5), name + ": live arrays per epoch: " + live);
            }
        }
    }

    @Test
    void sameSeedSamePerplexity() {
        double a = train(Sampling.RANDOM, RNNModelScratch.Activation.TANH, 5, 3).perplexity();
        double b = train(Sampling.RANDOM, RNNModelScratch.Activation.TANH, 5, 3).perplexity();
        assertEquals(a, b, 0.0);
    }

    @ParameterizedTest
    @EnumSource(Sampling.class)
    void stateIsCarriedOnlyWithSequentialPartitioning(Sampling sampling) {
        try (NDManager m = manager().newSubManager()) {
            RNNModelScratch net = new RNNModelScratch(m, V, 32, RNNModelScratch.Activation.TANH, 6);
            List<Boolean> zeroStates = new ArrayList<>();
            LanguageModel spy = new DelegatingModel(net) {
                @Override
                public Output forward(NDArray tokens, NDList state) {
                    zeroStates.add(state.get(0).abs().sum().getFloat() == 0f);
                    return net.forward(tokens, state);
                }
            };
            SeqDataLoader data = new SeqDataLoader(TinyCorpus.indices(600), 4, 10, sampling, 1);
            LanguageModelTrainer.builder(spy, gradientSource(), new Sgd(1f)).build().fit(data, 2, m);
            assertTrue(zeroStates.size() >= 20);
            int firstOfSecondEpoch = zeroStates.size() / 2;
            for (int i = 0; i < zeroStates.size(); i++) {
                boolean epochStart = i == 0 || i == firstOfSecondEpoch;
                boolean expectZero = sampling == Sampling.RANDOM || epochStart;
                assertEquals(expectZero, zeroStates.get(i), "minibatch " + i + " with " + sampling);
            }
        }
    }

    @Test
    void liveArraysStayFlatOverEpochs() {
        try (NDManager m = manager().newSubManager()) {
            RNNModelScratch net = new RNNModelScratch(m, V, 32, RNNModelScratch.Activation.TANH, 7);
            SeqDataLoader data = new SeqDataLoader(TinyCorpus.indices(1000), 4, 10, Sampling.SEQUENTIAL, 1);
            List<Integer> live = new ArrayList<>();
            LanguageModelTrainer trainer = LanguageModelTrainer.builder(net, gradientSource(), new Sgd(1f))
                    .listener(new TrainListener() {
                        @Override
                        public void onEpoch(EpochReport report) {
                            live.add(m.getManagedArrays().size());
                        }
                    })
                    .build();
            trainer.fit(data, 20, m);
            assertEquals(live.get(1), live.get(19), "live arrays per epoch: " + live);
            assertTrue(live.get(19) <= net.parameters().size() + 10, "live arrays per epoch: " + live);
        }
    }

    @Test
    void divergenceStopsAtTheFirstNonFiniteLossBeforeItIsApplied() {
        try (NDManager m = manager().newSubManager()) {
            RNNModelScratch net = new RNNModelScratch(m, V, 32, RNNModelScratch.Activation.TANH, 8);
            int[] calls = {0};
            // The 14th minibatch (epoch 2, minibatch 3 with 10 per epoch) yields infinite logits.
            LanguageModel poisoned = new DelegatingModel(net) {
                @Override
                public Output forward(NDArray tokens, NDList state) {
                    Output out = net.forward(tokens, state);
                    return ++calls[0] == 14 ? new Output(out.logits().mul(Float.POSITIVE_INFINITY), out.state()) : out;
                }
            };
            SeqDataLoader data = new SeqDataLoader(TinyCorpus.indices(4 * 10 * 10 + 11), 4, 10, Sampling.SEQUENTIAL, 1);
            List<float[]> before = new ArrayList<>();
            LanguageModelTrainer trainer = LanguageModelTrainer.builder(poisoned, gradientSource(), new Sgd(1f))
                    .listener(new TrainListener() {
                        @Override
                        public void onBatch(BatchReport report) {
                            before.clear();
                            net.parameters().values().forEach(p -> before.add(p.toFloatArray()));
                        }
                    })
                    .build();
            TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> trainer.fit(data, 5, m));
            assertEquals(2, e.epoch());
            assertEquals(3, e.batch());
            assertTrue(e.getMessage().startsWith("Training diverged: loss "), e.getMessage());
            assertInstanceOf(ai.djl.TrainingDivergedException.class, e, "DJL's exception for a diverged run");
            assertTrue(e.getMessage().contains("at epoch 2, minibatch 3"), e.getMessage());
            int i = 0;
            for (NDArray p : net.parameters().values()) {
                assertArrayEquals(before.get(i++), p.toFloatArray(), "parameters keep the last finite update");
            }
        }
    }

    @Test
    void withoutDetachingTheStateTrainingEitherWorksOrSaysWhy() {
        try (NDManager m = manager().newSubManager()) {
            RNNModelScratch net = new RNNModelScratch(m, V, 32, RNNModelScratch.Activation.TANH, 9);
            SeqDataLoader data = new SeqDataLoader(TinyCorpus.indices(2000), 8, 10, Sampling.SEQUENTIAL, 1);
            GradientSource source = gradientSource();
            if (!source.recordsGraph()) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> LanguageModelTrainer.builder(net, source, new Sgd(1f)).detachState(false));
                assertTrue(e.getMessage().contains("minibatch boundary"), e.getMessage());
                return;
            }
            LanguageModelTrainer trainer =
                    LanguageModelTrainer.builder(net, source, new Sgd(1f)).detachState(false).build();
            try {
                LanguageModelTrainer.Result result = trainer.fit(data, 3, m);
                assertTrue(result.perplexity() < result.epochs().get(0).perplexity(), result.epochs().toString());
            } catch (UnsupportedOperationException e) {
                assertTrue(e.getMessage().startsWith("Without detaching the state, minibatch 1 of epoch 1 must backpropagate"),
                        e.getMessage());
            }
        }
    }

    /**
     * Without detaching, the graph of an epoch's earlier minibatches cannot be saved: a stop
     * requested inside an epoch takes effect at its end, and resuming there is exact.
     */
    @Test
    void withoutDetachingAStopWaitsForTheEpochsEnd() {
        GradientSource source = gradientSource();
        if (!source.recordsGraph()) {
            return;
        }
        try (NDManager m = manager().newSubManager()) {
            SeqDataLoader data = new SeqDataLoader(TinyCorpus.indices(2000), 8, 10, Sampling.SEQUENTIAL, 3);
            RNNModelScratch straight = new RNNModelScratch(m, V, 24, RNNModelScratch.Activation.TANH, 4);
            LanguageModelTrainer.Result whole;
            try {
                whole = LanguageModelTrainer.builder(straight, source, new Sgd(1f)).detachState(false).build().fit(data, 3, m);
            } catch (UnsupportedOperationException engineFreesTheGraph) {
                return;
            }
            RNNModelScratch stopped = new RNNModelScratch(m, V, 24, RNNModelScratch.Activation.TANH, 4);
            StopRequest stop = new StopRequest();
            LanguageModelTrainer.Result first = LanguageModelTrainer.builder(stopped, source, new Sgd(1f)).detachState(false)
                    .stopOn(stop)
                    .listener(new TrainListener() {
                        @Override
                        public void onBatch(BatchReport report) {
                            if (report.epoch() == 2 && report.batch() == 2) {
                                stop.request();
                            }
                        }
                    }).build()
                    .fit(new SeqDataLoader(TinyCorpus.indices(2000), 8, 10, Sampling.SEQUENTIAL, 3), 3, m);
            assertTrue(first.stopped());
            assertEquals(EpochPosition.start(3), first.stoppedAt(), "the stop waited for epoch 2 to end");
            assertEquals(2, first.epochs().size());
            LanguageModelTrainer.Result rest = LanguageModelTrainer.builder(stopped, source, new Sgd(1f)).detachState(false)
                    .build().resume(new SeqDataLoader(TinyCorpus.indices(2000), 8, 10, Sampling.SEQUENTIAL, 3), 2, 3, m);
            assertEquals(whole.perplexity(), rest.perplexity(), 0.0);
            for (String name : straight.parameters().keySet()) {
                assertArrayEquals(straight.parameters().get(name).toFloatArray(), stopped.parameters().get(name).toFloatArray(), name);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Sampling.class)
    void aRunStoppedMidEpochAndResumedEndsBitForBitAsOneNeverStopped(Sampling sampling) {
        try (NDManager m = manager().newSubManager()) {
            RNNModelScratch straight = new RNNModelScratch(m, V, 24, RNNModelScratch.Activation.TANH, 4);
            LanguageModelTrainer.Result whole = LanguageModelTrainer.builder(straight, gradientSource(), new Adam(m, 0.01f)).build()
                    .fit(new SeqDataLoader(TinyCorpus.indices(2000), 8, 10, sampling, 3), 3, m);

            RNNModelScratch stopped = new RNNModelScratch(m, V, 24, RNNModelScratch.Activation.TANH, 4);
            Adam adam = new Adam(m, 0.01f);
            StopRequest stop = new StopRequest();
            List<TrainListener.StopReport> reports = new ArrayList<>();
            NDList carried = new NDList();
            LanguageModelTrainer.Result first = LanguageModelTrainer.builder(stopped, gradientSource(), adam).stopOn(stop)
                    .listener(new TrainListener() {
                        @Override
                        public void onBatch(BatchReport report) {
                            if (report.epoch() == 2 && report.batch() == 6) {
                                stop.request();
                            }
                        }

                        @Override
                        public void onStop(StopReport report) {
                            reports.add(report);
                            for (NDArray array : report.state()) {
                                NDArray copy = array.duplicate();
                                copy.attach(m);
                                carried.add(copy);
                            }
                        }
                    }).build()
                    .fit(new SeqDataLoader(TinyCorpus.indices(2000), 8, 10, sampling, 3), 3, m);
            assertTrue(first.stopped());
            assertEquals(1, first.epochs().size());
            assertEquals(1, reports.size());
            EpochPosition at = first.stoppedAt();
            assertEquals(at, reports.get(0).position());
            assertEquals(2, at.epoch());
            assertEquals(7, at.batches(), "the minibatch under way when the stop came is finished");
            assertEquals(7 * 8 * 10, at.tokens());
            assertEquals(sampling.carriesState() ? 1 : 0, carried.size(), "only sequential partitioning carries a state");

            LanguageModelTrainer.Result rest = LanguageModelTrainer.builder(stopped, gradientSource(), adam).build()
                    .resume(new SeqDataLoader(TinyCorpus.indices(2000), 8, 10, sampling, 3), at, carried, 3, m);
            assertFalse(rest.stopped());
            assertEquals(List.of(2, 3), rest.epochs().stream().map(TrainListener.EpochReport::epoch).toList());
            assertEquals(whole.epochs().get(1).perplexity(), rest.epochs().get(0).perplexity(), 0.0);
            assertEquals(whole.epochs().get(1).tokens(), rest.epochs().get(0).tokens());
            assertEquals(whole.perplexity(), rest.perplexity(), 0.0);
            for (String name : straight.parameters().keySet()) {
                assertArrayEquals(straight.parameters().get(name).toFloatArray(), stopped.parameters().get(name).toFloatArray(), name);
            }
        }
    }

    @Test
    void aStopRequestedBeforeTheRunTrainsNothingAndABadPositionIsRefused() {
        try (NDManager m = manager().newSubManager()) {
            RNNModelScratch net = new RNNModelScratch(m, V, 16, RNNModelScratch.Activation.TANH, 4);
            float[] before = net.parameters().get("W_hh").toFloatArray();
            StopRequest stop = new StopRequest();
            stop.request();
            SeqDataLoader data = new SeqDataLoader(TinyCorpus.indices(2000), 8, 10, Sampling.SEQUENTIAL, 3);
            LanguageModelTrainer.Result result = LanguageModelTrainer.builder(net, gradientSource(), new Sgd(1f)).stopOn(stop).build()
                    .fit(data, 2, m);
            assertEquals(EpochPosition.start(1), result.stoppedAt());
            assertThrows(IllegalStateException.class, result::perplexity);
            assertArrayEquals(before, net.parameters().get("W_hh").toFloatArray());

            LanguageModelTrainer trainer = LanguageModelTrainer.builder(net, gradientSource(), new Sgd(1f)).build();
            IllegalArgumentException past = assertThrows(IllegalArgumentException.class, () -> trainer.resume(
                    new SeqDataLoader(TinyCorpus.indices(2000), 8, 10, Sampling.SEQUENTIAL, 3),
                    new EpochPosition(1, 900, 1.0, 72_000), new NDList(m.zeros(new Shape(8, 16))), 2, m));
            assertTrue(past.getMessage().startsWith("The run to resume stands after minibatch 900 of epoch 1, which has only "),
                    past.getMessage());
            IllegalArgumentException shape = assertThrows(IllegalArgumentException.class, () -> trainer.resume(
                    new SeqDataLoader(TinyCorpus.indices(2000), 8, 10, Sampling.SEQUENTIAL, 3),
                    new EpochPosition(1, 2, 1.0, 160), new NDList(m.zeros(new Shape(8, 17))), 2, m));
            assertEquals("The carried state does not fit the model: it has shapes [float32 (8, 17)], the model's state has "
                    + "[float32 (8, 16)]", shape.getMessage());
            assertArrayEquals(before, net.parameters().get("W_hh").toFloatArray());
        }
    }

    private LanguageModelTrainer.Result train(Sampling sampling, RNNModelScratch.Activation activation, long seed, int epochs) {
        try (NDManager m = manager().newSubManager()) {
            RNNModelScratch net = new RNNModelScratch(m, V, 64, activation, seed);
            SeqDataLoader data = new SeqDataLoader(TinyCorpus.indices(3000), 16, 20, sampling, seed);
            return LanguageModelTrainer.builder(net, gradientSource(), new Sgd(1f)).build().fit(data, epochs, m);
        }
    }
}
