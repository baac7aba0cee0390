package dev.d2l.rnn.model;

import ai.djl.ndarray.types.Shape;

/**
 * Where each parameter of a recurrent layer sits in DJL's block order, and its name and
 * shape. Per layer: every direction's {@code i2h, h2h} weights, then every direction's
 * {@code i2h, h2h} biases, named like {@code l_0_i2h_WEIGHT} ({@code r_} for the reverse
 * direction), exactly as {@code ai.djl.nn.recurrent.RecurrentBlock} declares them.
 */
final class ParameterLayout {

    static final int I2H = 0;
    static final int H2H = 1;
    static final int WEIGHT = 0;
    static final int BIAS = 1;

    private ParameterLayout() {}

    static int count(int layers, int directions) {
        return layers * directions * 4;
    }

    static int index(int layer, int direction, int kind, int type, int directions) {
        return layer * 4 * directions + type * 2 * directions + direction * 2 + kind;
    }

    static String name(int layer, int direction, int kind, int type) {
        return (direction == 0 ? "l" : "r") + '_' + layer + '_' + (kind == I2H ? "i2h" : "h2h") + '_'
                + (type == WEIGHT ? "WEIGHT" : "BIAS");
    }

    /** The expected shape of a parameter, for a first layer reading {@code inputSize} features. */
    static Shape shape(LayerSpec spec, long inputSize, int layer, int kind, int type) {
        long rows = (long) spec.cell().gates() * spec.hiddenSize();
        if (type == BIAS) {
            return new Shape(rows);
        }
        if (kind == H2H) {
            return new Shape(rows, spec.hiddenSize());
        }
        return new Shape(rows, layer == 0 ? inputSize : (long) spec.directions() * spec.hiddenSize());
    }
}
