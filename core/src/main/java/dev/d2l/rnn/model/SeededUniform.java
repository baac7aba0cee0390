package dev.d2l.rnn.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.initializer.Initializer;
import java.util.Random;

/**
 * U(-bound, bound) drawn by a seeded {@link java.util.Random} in Java and copied into the
 * engine, so every engine starts from the same weights (engines' own random generators differ,
 * and TensorFlow's cannot be seeded through DJL). Each parameter has its own stream, derived
 * from the model's seed and the parameter's name, so the order of initialization does not matter.
 */
final class SeededUniform implements Initializer {

    private final long seed;
    private final float bound;

    SeededUniform(long modelSeed, String parameterName, double bound) {
        this.seed = modelSeed * 1_000_003L + parameterName.hashCode();
        this.bound = (float) bound;
    }

    @Override
    public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
        Random random = new Random(seed);
        float[] values = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = (2 * random.nextFloat() - 1) * bound;
        }
        NDArray array = manager.create(values, shape);
        if (dataType == DataType.FLOAT32) {
            return array;
        }
        try (array) {
            return array.toType(dataType, true);
        }
    }
}
