package dev.d2l.rnn.sequence;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import dev.d2l.rnn.train.Adam;
import dev.d2l.rnn.train.GradientChoice;
import dev.d2l.rnn.train.GradientSource;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * d2l 8.1 end to end: a noisy sine wave, an MLP trained with Adam on its lagged values, and its
 * 1-step, multi-step and k-step predictions. Runs unchanged on every engine; on one without
 * autograd it trains through the model's written-out backward pass ({@link GradientChoice#BPTT}).
 */
public final class SineWaveAutoregression {

    private SineWaveAutoregression() {}

    /**
     * What to run.
     *
     * @param length number of time steps T
     * @param noise standard deviation of the Gaussian noise
     * @param tau embedding length: how many past values each prediction reads
     * @param trainPairs how many of the first (features, label) pairs train
     * @param batchSize minibatch size
     * @param hidden width of the hidden layer
     * @param learningRate Adam's learning rate
     * @param epochs passes over the training pairs
     * @param steps the k of the k-step predictions, ascending
     * @param seed seeds the data, the initial weights and the shuffling
     * @param gradients how gradients are obtained
     */
    public record Config(int length, float noise, int tau, int trainPairs, int batchSize, int hidden,
            float learningRate, int epochs, List<Integer> steps, long seed, GradientChoice gradients) {

        /** @throws IllegalArgumentException for sizes that do not fit together */
        public Config {
            steps = List.copyOf(steps);
            if (tau < 1 || batchSize < 1 || hidden < 1 || epochs < 0 || steps.isEmpty()) {
                throw new IllegalArgumentException("tau, batch size, hidden width and steps must be positive: " + this);
            }
            for (int i = 0; i < steps.size(); i++) {
                if (steps.get(i) < 1 || (i > 0 && steps.get(i) <= steps.get(i - 1))) {
                    throw new IllegalArgumentException("Steps must be positive and ascending, got " + steps);
                }
            }
            int maxSteps = steps.get(steps.size() - 1);
            if (trainPairs < 1 || trainPairs + tau >= length || length - tau - maxSteps + 1 < 1) {
                throw new IllegalArgumentException("A series of " + length + " leaves no room for " + trainPairs
                        + " training pairs, tau " + tau + " and " + maxSteps + "-step predictions");
            }
            if (!(learningRate > 0) || !(noise >= 0)) {
                throw new IllegalArgumentException("Learning rate must be positive and noise not negative: " + this);
            }
        }

        /**
         * d2l's settings: T 1000, noise 0.2, tau 4, 600 training pairs, batch 16, 10 hidden units,
         * Adam with lr 0.01, 5 epochs, k = 1, 4, 16, 64, gradients {@link GradientChoice#AUTO}.
         */
        public static Config d2l(long seed) {
            return new Config(1000, 0.2f, 4, 600, 16, 10, 0.01f, 5, List.of(1, 4, 16, 64), seed, GradientChoice.AUTO);
        }

        /** This configuration with another gradient choice. */
        public Config withGradients(GradientChoice choice) {
            return new Config(length, noise, tau, trainPairs, batchSize, hidden, learningRate, epochs, steps, seed,
                    choice);
        }

        /** This configuration with another number of epochs. */
        public Config withEpochs(int count) {
            return new Config(length, noise, tau, trainPairs, batchSize, hidden, learningRate, count, steps, seed,
                    gradients);
        }
    }

    /**
     * What a run measured and predicted. Losses and errors are mean squared errors against the
     * noisy data, whose own variance is {@code noise^2} (0.04 for d2l's settings).
     *
     * @param engine the engine's name
     * @param gradientSource "autograd" or "bptt"
     * @param epochLosses d2l's {@code evaluate_loss} after each epoch
     * @param data the series
     * @param oneStep the 1-step predictions, for time steps tau + 1 .. T
     * @param multiStep the predictions from time step trainPairs + tau + 1 on, fed back
     * @param kSteps the k-step predictions by k, ascending
     * @param oneStepMse error of {@code oneStep}
     * @param multiStepMse error of {@code multiStep}
     * @param kStepMse error of each k-step curve, by k
     */
    public record Result(String engine, String gradientSource, float[] epochLosses, Series data, Series oneStep,
            Series multiStep, Map<Integer, Series> kSteps, double oneStepMse, double multiStepMse,
            Map<Integer, Double> kStepMse) {}

    /**
     * Generates the data, trains and predicts. Every array lives in sub-managers of
     * {@code manager}, closed before this returns.
     *
     * @param manager decides the engine and the device
     * @throws dev.d2l.rnn.engine.MissingCapabilityException if autograd is asked of an engine without it
     */
    public static Result run(NDManager manager, Config config) {
        Engine engine = manager.getEngine();
        // The MLP has no written-out pass faster than autograd.
        GradientSource source = config.gradients().resolve(engine, true);
        Random random = new Random(config.seed());
        float[] x = SineWave.sample(config.length(), config.noise(), random);
        int tau = config.tau();
        float[][] features = Arrays.copyOf(LagFeatures.features(x, tau), config.trainPairs());
        float[] labels = Arrays.copyOf(LagFeatures.labels(x, tau), config.trainPairs());
        try (NDManager model = manager.newSubManager()) {
            Mlp net = Mlp.xavier(model, tau, config.hidden(), random);
            EpochTrainer trainer = new EpochTrainer(net, source, new Adam(model, config.learningRate()), features,
                    labels, config.batchSize(), random);
            float[] losses = new float[config.epochs()];
            for (int epoch = 0; epoch < losses.length; epoch++) {
                losses[epoch] = trainer.epoch();
            }
            return predict(engine.getEngineName(), source.name(), losses, net, x, config);
        }
    }

    private static Result predict(String engine, String source, float[] losses, Mlp net, float[] x, Config config) {
        int tau = config.tau();
        int observed = config.trainPairs() + tau;
        float[] oneStep = Forecasts.oneStep(net::predict, x, tau);
        float[] multiStep = Forecasts.multiStep(net::predict, x, tau, observed);
        List<Integer> steps = config.steps();
        float[][] columns = Forecasts.kStepColumns(net::predict, x, tau, steps.get(steps.size() - 1));
        Map<Integer, Series> kSteps = new LinkedHashMap<>();
        Map<Integer, Double> kStepMse = new LinkedHashMap<>();
        for (int k : steps) {
            int column = tau + k - 1;
            kSteps.put(k, Series.from(k + "-step preds", column + 1, columns[column]));
            kStepMse.put(k, Forecasts.meanSquaredError(columns[column], x, column));
        }
        return new Result(engine, source, losses,
                Series.from("data", 1, x),
                Series.from("1-step preds", tau + 1, oneStep),
                Series.from("multistep preds", observed + 1, multiStep),
                Collections.unmodifiableMap(kSteps),
                Forecasts.meanSquaredError(oneStep, x, tau),
                Forecasts.meanSquaredError(multiStep, x, observed),
                Collections.unmodifiableMap(kStepMse));
    }
}
