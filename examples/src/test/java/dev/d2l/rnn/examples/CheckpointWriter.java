package dev.d2l.rnn.examples;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.d2l.rnn.checkpoint.Checkpoint;
import dev.d2l.rnn.data.Vocab;
import dev.d2l.rnn.engine.Engines;
import dev.d2l.rnn.model.RNNModelScratch;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A child process for {@link CheckpointKillTest}: saves checkpoint after checkpoint of a model
 * whose every parameter holds the save's number k, and reports each finished save, until killed.
 */
final class CheckpointWriter {

    /** The vocabulary the checkpoints carry: 28 tokens like the Time Machine's. */
    static final Vocab VOCAB = Vocab.restore(List.of("<unk>", " ", "e", "t", "a", "i", "n", "o", "s", "h", "r", "d", "l",
            "m", "u", "c", "f", "w", "g", "y", "p", "b", "v", "k", "x", "z", "j", "q"));

    /** Hidden units: big enough (about 5 MB of parameters) that a save takes a while. */
    static final int HIDDEN = 1024;

    private CheckpointWriter() {}

    public static void main(String[] args) {
        Path folder = Path.of(args[0]);
        Engine engine = Engines.get("PyTorch");
        try (NDManager manager = engine.newBaseManager()) {
            RNNModelScratch model = new RNNModelScratch(manager, VOCAB.size(), HIDDEN, RNNModelScratch.Activation.TANH, 1);
            for (int k = 1; ; k++) {
                for (NDArray parameter : model.parameters().values()) {
                    parameter.muli(0).addi(k);
                }
                Checkpoint.save(folder, model, VOCAB, Map.of("k", String.valueOf(k)));
                System.out.println("saved " + k);
                System.out.flush();
            }
        }
    }
}
