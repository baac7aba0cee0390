package dev.d2l.rnn.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;

/**
 * Inverted-dropout masks (0 with probability p, else {@code 1 / (1 - p)}) drawn in Java from a
 * model's seed and a minibatch's number, so every engine multiplies by the same masks and a
 * resumed run draws the masks an uninterrupted one would have.
 */
final class DropoutMasks {

    private final SplittableRandom random;
    private final double p;
    private final float keep;

    /**
     * @param seed the model's seed
     * @param minibatch a number unique to the minibatch within the run
     */
    DropoutMasks(long seed, long minibatch, double p) {
        // SplittableRandom's seed mixing keeps nearby seeds apart; the odd constant spreads the minibatches.
        this.random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + minibatch);
        this.p = p;
        this.keep = (float) (1 / (1 - p));
    }

    /** The next mask, of {@code shape}, in {@code manager}. */
    NDArray next(NDManager manager, Shape shape, DataType dataType) {
        float[] values = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextDouble() < p ? 0f : keep;
        }
        NDArray mask = manager.create(values, shape);
        return dataType == DataType.FLOAT32 ? mask : mask.toType(dataType, false);
    }
}
