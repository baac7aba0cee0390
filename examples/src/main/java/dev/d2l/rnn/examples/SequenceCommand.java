package dev.d2l.rnn.examples;

import dev.d2l.rnn.train.GradientChoice;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** d2l 8.1's sine-wave autoregression, as a subcommand of {@code d2l}. */
@Command(name = "sequence", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Sequence models (d2l 8.1): train an MLP on a noisy sine wave, predict 1, k and many steps ahead, "
                + "and write the section's three figures.")
final class SequenceCommand implements Callable<Integer> {

    @Option(names = "--engine", paramLabel = "NAME",
            description = "PyTorch, MXNet or TensorFlow, in any case (default: " + D2l.DEFAULT_ENGINE_HELP + ")")
    String engine;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "seeds the data, the weights and the shuffling (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--gradients", paramLabel = "SOURCE", defaultValue = "auto", converter = Choice.Gradients.class,
            completionCandidates = Choice.Gradients.class,
            description = Choice.Gradients.HELP)
    GradientChoice gradients;

    @Option(names = "--output", paramLabel = "DIR", defaultValue = "build-output/sequence",
            description = "where the figures go (default: ${DEFAULT-VALUE})")
    Path output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        try (OutputFolder written = OutputFolder.lock(output, "d2l sequence");
                PrintStream out = new PrintStream(text, true, StandardCharsets.UTF_8)) {
            SequenceExample.run(engine == null ? D2l.defaultEngine() : engine, written.path(), seed, gradients, out);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the figures into " + output + ": " + e.getMessage(), e);
        }
        spec.commandLine().getOut().print(text.toString(StandardCharsets.UTF_8));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
