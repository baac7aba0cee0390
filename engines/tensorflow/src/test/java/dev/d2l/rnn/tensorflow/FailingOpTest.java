package dev.d2l.rnn.tensorflow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.d2l.rnn.data.Sampling;
import dev.d2l.rnn.data.SeqDataLoader;
import dev.d2l.rnn.engine.Engines;
import dev.d2l.rnn.model.RNNModelScratch;
import dev.d2l.rnn.testing.TinyCorpus;
import dev.d2l.rnn.train.GradientSource;
import dev.d2l.rnn.train.LanguageModelTrainer;
import dev.d2l.rnn.train.Sgd;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** A failing TensorFlow op must not break the ops that follow it (DJL runs TF eagerly and asynchronously). */
class FailingOpTest {

    @Test
    void trainingWorksAfterAnOpFailedOnTheSameThread() {
        Engine engine = Engines.get("TensorFlow");
        try (NDManager m = engine.newBaseManager()) {
            NDArray a = m.create(new float[] {1f, -2f, 3f});
            // Fails inside TensorFlow while the op runs; on DJL's asynchronous executor this error
            // surfaced as a NullPointerException and then failed every later op of the thread.
            assertThrows(RuntimeException.class, () -> a.reshape(1, 3).matMul(a.reshape(1, 3)).toFloatArray());
            assertArrayEquals(new float[] {2f, -4f, 6f}, a.mul(2).toFloatArray());
            RNNModelScratch net = new RNNModelScratch(m, TinyCorpus.vocabSize(), 32, RNNModelScratch.Activation.TANH, 1);
            SeqDataLoader data = new SeqDataLoader(TinyCorpus.indices(2000), 8, 10, Sampling.SEQUENTIAL, 1);
            LanguageModelTrainer.Result result = LanguageModelTrainer
                    .builder(net, GradientSource.preferred(engine, net), new Sgd(1f)).build().fit(data, 5, m);
            assertTrue(result.perplexity() < result.epochs().get(0).perplexity(), result.epochs().toString());
        }
    }

    @Test
    void anotherThreadGetsItsOwnSynchronousExecutor() throws Exception {
        Engine engine = Engines.get("TensorFlow");
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread worker = new Thread(() -> {
            try (NDManager m = engine.newBaseManager()) {
                RNNModelScratch net = new RNNModelScratch(m, TinyCorpus.vocabSize(), 16, RNNModelScratch.Activation.TANH, 2);
                SeqDataLoader data = new SeqDataLoader(TinyCorpus.indices(1000), 4, 10, Sampling.RANDOM, 1);
                LanguageModelTrainer.builder(net, GradientSource.preferred(engine, net), new Sgd(1f)).build().fit(data, 2, m);
                NDArray a = m.create(new float[] {1f, -2f});
                assertThrows(RuntimeException.class, () -> a.reshape(1, 2).matMul(a.reshape(1, 2)).toFloatArray());
                assertArrayEquals(new float[] {2f, -4f}, a.mul(2).toFloatArray());
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        worker.start();
        worker.join();
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
    }
}
