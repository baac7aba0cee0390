package org.example.host;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import dev.d2l.rnn.checkpoint.Checkpoint;
import dev.d2l.rnn.data.Sampling;
import dev.d2l.rnn.data.SeqDataLoader;
import dev.d2l.rnn.data.TokenType;
import dev.d2l.rnn.data.Vocab;
import dev.d2l.rnn.engine.Capabilities;
import dev.d2l.rnn.engine.Engines;
import dev.d2l.rnn.generate.TextGenerator;
import dev.d2l.rnn.model.RNNModel;
import dev.d2l.rnn.model.RecurrentCell;
import dev.d2l.rnn.model.RecurrentLayer;
import dev.d2l.rnn.train.GradientSource;
import dev.d2l.rnn.train.LanguageModelTrainer;
import dev.d2l.rnn.train.Updater;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;

/**
 * A program that uses core's API on PyTorch (engines, capabilities, data, a concise model,
 * training, generation, a checkpoint) and then prints every system property it did not have
 * before, one per line; {@link NoGlobalSideEffectsTest} runs it in a JVM of its own.
 */
public final class CoreUser {

    private CoreUser() {}

    public static void main(String[] args) throws Exception {
        Properties before = (Properties) System.getProperties().clone();
        Engine engine = Engines.get("PyTorch");
        Engines.available();
        Capabilities.of(engine);
        String text = "the time traveller for so it will be convenient to speak of him ".repeat(20);
        Vocab vocab = Vocab.fromTokens(TokenType.CHAR.tokenize(text));
        SeqDataLoader data = new SeqDataLoader(vocab.indicesOf(TokenType.CHAR.tokenize(text)), 4, 8, Sampling.RANDOM, 1);
        try (NDManager manager = engine.newBaseManager()) {
            RNNModel model = RNNModel.create(manager, RecurrentLayer.builder().setCell(RecurrentCell.GRU).setHiddenSize(8).build(),
                    vocab.size(), 1);
            LanguageModelTrainer.builder(model, GradientSource.preferred(engine, model), Updater.sgd(1f)).build()
                    .fit(data, 1, manager);
            new TextGenerator(model, vocab, TokenType.CHAR).predict("time", 5, manager);
            Path folder = Files.createTempDirectory("core-user");
            Checkpoint.save(folder, model, vocab, Map.of());
            Checkpoint.load(folder).restore(model);
        }
        TreeSet<String> added = new TreeSet<>(System.getProperties().stringPropertyNames());
        added.removeAll(before.stringPropertyNames());
        added.forEach(System.out::println);
    }
}
