package dev.d2l.rnn.examples.chapter8;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import dev.d2l.rnn.sequence.EpochTrainer;
import dev.d2l.rnn.sequence.Forecasts;
import dev.d2l.rnn.sequence.LagFeatures;
import dev.d2l.rnn.sequence.Mlp;
import dev.d2l.rnn.plot.SequencePlots;
import dev.d2l.rnn.sequence.Series;
import dev.d2l.rnn.sequence.SineWave;
import dev.d2l.rnn.train.Adam;
import dev.d2l.rnn.train.GradientChoice;
import dev.d2l.rnn.train.GradientSource;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * d2l 8.1, sequence models: a noisy sine wave, an autoregressive MLP trained on its last four
 * values, and its 1-step, multistep and k-step predictions, with the section's four figures.
 *
 * <p>Usage: {@code Section8_1SequenceModels [engine] [--epochs N] [--output DIR]}; the book
 * trains 5 epochs. The figures go to {@code DIR/8.1-data}, {@code 8.1-1step},
 * {@code 8.1-multistep} and {@code 8.1-ksteps} (.png, .svg). The data, the initial weights and
 * the shuffling are drawn in Java from seed 42, so every engine sees the same numbers.
 */
public final class Section8_1SequenceModels {

    private Section8_1SequenceModels() {}

    /** Runs the section; see the class comment. */
    public static void main(String[] args) {
        Chapter8.main(args, 5, Section8_1SequenceModels::run);
    }

    /** The section's cells in order, printed to {@code out}. */
    static void run(Chapter8.Args args, PrintStream out) throws IOException {
        Engine engine = args.loadEngine();
        try (NDManager manager = Chapter8.tryGpu(engine)) {
            Chapter8.printEngine(manager, out);
            // Training
            int T = 1000;
            Random random = new Random(42);
            float[] time = SineWave.time(T);
            float[] x = SineWave.sample(T, 0.2f, random);
            Series data = new Series("data", time, x);
            figure(args, "8.1-data", out, data);

            int tau = 4;
            float[][] features = LagFeatures.features(x, tau);
            float[] labels = LagFeatures.labels(x, tau);
            out.printf(Locale.ROOT, "features: (%d, %d), labels: (%d, 1)%n", features.length, tau, labels.length);
            int batchSize = 16;
            int nTrain = 600;

            Mlp net = Mlp.xavier(manager, tau, 10, random);
            // The MLP has no written-out pass faster than autograd; TensorFlow records no gradients, so there it takes that pass.
            GradientSource gradients = GradientChoice.AUTO.resolve(engine, true);
            EpochTrainer train = new EpochTrainer(net, gradients, new Adam(manager, 0.01f),
                    Arrays.copyOf(features, nTrain), Arrays.copyOf(labels, nTrain), batchSize, random);
            for (int epoch = 0; epoch < args.epochs(); epoch++) {
                out.printf(Locale.ROOT, "epoch %d, loss: %f%n", epoch + 1, train.epoch());
            }

            // Prediction
            float[] onestepPreds = Forecasts.oneStep(net::predict, x, tau);
            Series onestep = Series.from("1-step preds", tau + 1, onestepPreds);
            out.printf(Locale.ROOT, "1-step preds MSE: %.4f%n", Forecasts.meanSquaredError(onestepPreds, x, tau));
            figure(args, "8.1-1step", out, data, onestep);

            float[] multistepPreds = Forecasts.multiStep(net::predict, x, tau, nTrain + tau);
            out.printf(Locale.ROOT, "multistep preds MSE: %.4f%n",
                    Forecasts.meanSquaredError(multistepPreds, x, nTrain + tau));
            figure(args, "8.1-multistep", out, data, onestep, Series.from("multistep preds", nTrain + tau + 1, multistepPreds));

            int maxSteps = 64;
            float[][] kFeatures = Forecasts.kStepColumns(net::predict, x, tau, maxSteps);
            List<Series> kSteps = new ArrayList<>();
            StringBuilder errors = new StringBuilder("k-step preds MSE for k = 1, 4, 16, 64:");
            for (int k : new int[] {1, 4, 16, 64}) {
                float[] preds = kFeatures[tau + k - 1];
                kSteps.add(Series.from(k + "-step preds", tau + k, preds));
                errors.append(String.format(Locale.ROOT, " %.4f", Forecasts.meanSquaredError(preds, x, tau + k - 1)));
            }
            out.println(errors);
            figure(args, "8.1-ksteps", out, kSteps.toArray(Series[]::new));
        }
    }

    private static void figure(Chapter8.Args args, String name, PrintStream out, Series... curves) throws IOException {
        out.println("figure: " + SequencePlots.plot(args.figure(name), List.of(curves)).get(0) + ", .svg");
    }
}
