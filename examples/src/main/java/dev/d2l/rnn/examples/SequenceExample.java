package dev.d2l.rnn.examples;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import dev.d2l.rnn.engine.Devices;
import dev.d2l.rnn.engine.Engines;
import dev.d2l.rnn.plot.SequencePlots;
import dev.d2l.rnn.sequence.SineWaveAutoregression;
import dev.d2l.rnn.sequence.SineWaveAutoregression.Config;
import dev.d2l.rnn.sequence.SineWaveAutoregression.Result;
import dev.d2l.rnn.train.GradientChoice;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * d2l 8.1, sequence models: trains the sine-wave autoregression on one engine, prints the losses
 * and prediction errors as d2l does and writes the section's three figures.
 *
 * <p>Usage: {@code SequenceExample [engine [folder [seed [auto|autograd|bptt]]]]}, by
 * default the {@code d2l} command's default engine, {@code build-output/sequence}, 42 and auto.
 */
public final class SequenceExample {

    private SequenceExample() {}

    /** Runs the example with positional arguments (see the class comment). */
    public static void main(String[] args) throws IOException {
        D2l.prepareJvm(false);
        String engine = args.length > 0 ? args[0] : D2l.defaultEngine();
        Path folder = Path.of(args.length > 1 ? args[1] : "build-output/sequence");
        long seed;
        GradientChoice gradients;
        try {
            seed = args.length > 2 ? Long.parseLong(args[2]) : 42;
            gradients = args.length > 3 ? GradientChoice.parse(args[3]) : GradientChoice.AUTO;
        } catch (IllegalArgumentException e) {
            System.err.println("Usage: SequenceExample [engine [folder [seed [auto|autograd|bptt]]]]");
            System.exit(2);
            return;
        }
        run(engine, folder, seed, gradients, System.out);
    }

    /**
     * Runs d2l 8.1 with the book's settings on the named engine (on its GPU when it sees one),
     * prints the figures to {@code out} and writes the plots into {@code folder}.
     *
     * @return what the run measured and predicted
     */
    public static Result run(String engineName, Path folder, long seed, GradientChoice gradients, PrintStream out)
            throws IOException {
        Engine engine = Engines.get(engineName);
        long start = System.nanoTime();
        Result result;
        try (NDManager manager = engine.newBaseManager(Devices.choose(engine, "auto"))) {
            result = SineWaveAutoregression.run(manager, Config.d2l(seed).withGradients(gradients));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        out.printf(Locale.ROOT, "%s %s, %s gradients, seed %d%n", engine.getEngineName(), engine.getVersion(),
                result.gradientSource(), seed);
        float[] losses = result.epochLosses();
        for (int epoch = 0; epoch < losses.length; epoch++) {
            out.printf(Locale.ROOT, "epoch %d, loss: %f%n", epoch + 1, losses[epoch]);
        }
        out.printf(Locale.ROOT, "1-step MSE: %.4f, multistep MSE: %.4f%n", result.oneStepMse(), result.multiStepMse());
        for (Map.Entry<Integer, Double> entry : result.kStepMse().entrySet()) {
            out.printf(Locale.ROOT, "%d-step preds MSE: %.4f%n", entry.getKey(), entry.getValue());
        }
        out.printf(Locale.ROOT, "trained and predicted in %.2f s%n", seconds);
        SequencePlots.write(result, folder);
        out.println("figures: " + folder.resolve(SequencePlots.NAMES.get(0)) + ".{png,svg} and 2 more");
        return result;
    }
}
