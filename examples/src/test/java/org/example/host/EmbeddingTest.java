package org.example.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import dev.d2l.rnn.checkpoint.Checkpoint;
import dev.d2l.rnn.data.Corpora;
import dev.d2l.rnn.data.Corpus;
import dev.d2l.rnn.data.DatasetStore;
import dev.d2l.rnn.data.Sampling;
import dev.d2l.rnn.data.SeqDataLoader;
import dev.d2l.rnn.data.TokenType;
import dev.d2l.rnn.engine.Devices;
import dev.d2l.rnn.engine.Engines;
import dev.d2l.rnn.generate.TextGenerator;
import dev.d2l.rnn.model.LanguageModel;
import dev.d2l.rnn.model.ModelSpec;
import dev.d2l.rnn.plot.PerplexityPlot;
import dev.d2l.rnn.train.GradientSource;
import dev.d2l.rnn.train.LanguageModelTrainer;
import dev.d2l.rnn.train.Sgd;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A host program that uses the core library through its public API only (this package is not the
 * library's): it chooses the engine and the device, loads data, builds, trains, generates, saves
 * and restores. core/README.md's embedding example is this code.
 */
class EmbeddingTest {

    @TempDir
    Path folder;

    @Test
    void aHostProgramTrainsAndGeneratesOnTheEngineAndDeviceItChooses() {
        System.setProperty("java.awt.headless", "true");
        String dataDir = System.getProperty("D2L_DATA_DIR", System.getenv("D2L_DATA_DIR"));
        assumeTrue(dataDir != null && Files.isDirectory(Path.of(dataDir)), "the host program reads The Time Machine from D2L_DATA_DIR");
        Engine engine = Engines.get("MXNet");
        Device device = Devices.choose(engine, "cpu");
        Corpus corpus = Corpora.loadCorpusTimeMachine(DatasetStore.standard(), TokenType.CHAR, 5_000);
        SeqDataLoader data = new SeqDataLoader(corpus.indices(), 16, 20, Sampling.SEQUENTIAL, 42);

        String greedy;
        try (NDManager manager = engine.newBaseManager(device)) {
            ModelSpec spec = ModelSpec.builder().hidden(64).build();   // d2l 8.5's scratch RNN, seed 42
            LanguageModel model = spec.newModel(manager, corpus.vocab().size());
            LanguageModelTrainer trainer = LanguageModelTrainer.builder(model, GradientSource.preferred(engine, model), new Sgd(1f))
                    .clip(1f)
                    .listener(new PerplexityPlot(folder.resolve("perplexity")))
                    .build();
            LanguageModelTrainer.Result result = trainer.fit(data, 5, manager);
            TextGenerator generator = new TextGenerator(model, corpus.vocab(), TokenType.CHAR);
            greedy = generator.predict("time traveller", 30, manager);
            Checkpoint.save(folder.resolve("model"), model, corpus.vocab(), spec.settings());

            assertTrue(result.perplexity() < result.epochs().get(0).perplexity(), result.epochs().toString());
            assertEquals(device, model.parameters().get("W_xh").getDevice());
            assertTrue(greedy.startsWith("time traveller") && greedy.length() == 44, greedy);
        }
        assertTrue(Files.exists(folder.resolve("perplexity.png")));

        // Later, anywhere, on any engine: the checkpoint rebuilds its model, and continues text.
        Checkpoint checkpoint = Checkpoint.load(folder.resolve("model"));
        Engine other = Engines.get("PyTorch");
        try (NDManager manager = other.newBaseManager(Devices.choose(other, "auto"))) {
            LanguageModel model = checkpoint.newModel(manager);
            TextGenerator generator = new TextGenerator(model, checkpoint.vocab(), checkpoint.spec().tokens());
            assertEquals(greedy, generator.predict("time traveller", 30, manager));
        }
    }
}
