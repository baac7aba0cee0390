package dev.d2l.rnn.sequence;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.d2l.rnn.model.Step;
import dev.d2l.rnn.train.GradientSource;
import dev.d2l.rnn.train.Updater;
import java.util.Random;

/**
 * d2l's {@code train} loop for the {@link Mlp}, one epoch per call: shuffled minibatches, one
 * gradient step each, then {@code evaluate_loss} over all training pairs.
 *
 * <p>Each minibatch runs in a sub-manager of the parameters' manager with the parameters
 * temporarily attached to it, so that nothing a step computes outlives the step.
 */
public final class EpochTrainer {

    private final Mlp net;
    private final GradientSource gradients;
    private final Updater updater;
    private final float[][] features;
    private final float[] labels;
    private final int batchSize;
    private final Random random;

    /**
     * @param net the network, trained in place
     * @param gradients where each minibatch's gradients come from
     * @param updater applies them
     * @param features the training rows (n, tau)
     * @param labels the value after each row
     * @param batchSize pairs per minibatch
     * @param random shuffles the pairs every epoch
     */
    public EpochTrainer(Mlp net, GradientSource gradients, Updater updater, float[][] features, float[] labels,
            int batchSize, Random random) {
        this.net = net;
        this.gradients = gradients;
        this.updater = updater;
        this.features = features;
        this.labels = labels;
        this.batchSize = batchSize;
        this.random = random;
    }

    /** Trains one epoch and returns the mean squared error over all training pairs afterwards. */
    public float epoch() {
        for (int[] batch : Minibatches.shuffled(features.length, batchSize, random)) {
            try (NDManager scope = openScope()) {
                Step<Void> step = gradients.compute(new SquaredError(net, rows(scope, batch), labels(scope, batch)));
                updater.update(net.parameters(), step.gradients());
            }
        }
        return evaluateLoss();
    }

    /** d2l's {@code evaluate_loss}: the mean squared error over every training pair. */
    float evaluateLoss() {
        int[] all = new int[features.length];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        try (NDManager scope = openScope()) {
            return net.forward(rows(scope, all)).sub(labels(scope, all)).square().mean().getFloat();
        }
    }

    private NDManager openScope() {
        NDManager scope = net.manager().newSubManager();
        scope.tempAttachAll(net.parameters().values().toArray(new NDArray[0]));
        return scope;
    }

    private NDArray rows(NDManager scope, int[] indices) {
        int tau = features[0].length;
        float[] flat = new float[indices.length * tau];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(features[indices[i]], 0, flat, i * tau, tau);
        }
        return scope.create(flat, new Shape(indices.length, tau));
    }

    private NDArray labels(NDManager scope, int[] indices) {
        float[] picked = new float[indices.length];
        for (int i = 0; i < indices.length; i++) {
            picked[i] = labels[indices[i]];
        }
        return scope.create(picked, new Shape(indices.length, 1));
    }
}
