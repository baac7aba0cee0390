package dev.d2l.rnn.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * One parameter of a recurrent layer: its layer, its direction (0 forward, 1 reverse), which
 * product it belongs to and whether it is the weight or the bias. DJL's block order, which the
 * layer declares and every list of its parameters follows, is per layer every direction's
 * {@code i2h, h2h} weights, then every direction's {@code i2h, h2h} biases; names are like
 * {@code l_0_i2h_WEIGHT} ({@code r_} for the reverse direction), exactly as {@code
 * ai.djl.nn.recurrent.RecurrentBlock} declares them.
 */
record LayerParameter(int layer, int direction, Product product, Kind kind) {

    /** DJL's block order. */
    static final Comparator<LayerParameter> BLOCK_ORDER = Comparator.comparingInt(LayerParameter::layer)
            .thenComparing(LayerParameter::kind).thenComparingInt(LayerParameter::direction)
            .thenComparing(LayerParameter::product);

    /** The product a parameter belongs to: of the input ({@code W_ih x + b_ih}) or of the state ({@code W_hh h + b_hh}). */
    enum Product {
        I2H, H2H
    }

    /** Weight or bias, in the order DJL declares them. */
    enum Kind {
        WEIGHT(Parameter.Type.WEIGHT), BIAS(Parameter.Type.BIAS);

        private final Parameter.Type type;

        Kind(Parameter.Type type) {
            this.type = type;
        }

        /** DJL's parameter type. */
        Parameter.Type type() {
            return type;
        }
    }

    /** How many parameters a layer of {@code layers} layers and {@code directions} directions has. */
    static int count(int layers, int directions) {
        return layers * directions * Product.values().length * Kind.values().length;
    }

    /** Every parameter of such a layer, sorted by {@code order}. */
    static List<LayerParameter> all(int layers, int directions, Comparator<LayerParameter> order) {
        List<LayerParameter> all = new ArrayList<>(count(layers, directions));
        for (int layer = 0; layer < layers; layer++) {
            for (int direction = 0; direction < directions; direction++) {
                for (Product product : Product.values()) {
                    for (Kind kind : Kind.values()) {
                        all.add(new LayerParameter(layer, direction, product, kind));
                    }
                }
            }
        }
        all.sort(order);
        return all;
    }

    /** Every parameter of such a layer in DJL's block order. */
    static List<LayerParameter> inBlockOrder(int layers, int directions) {
        return all(layers, directions, BLOCK_ORDER);
    }

    /** This parameter's place in DJL's block order, for a layer of {@code directions} directions. */
    int index(int directions) {
        int perKind = Product.values().length * directions;
        return (layer * Kind.values().length + kind.ordinal()) * perKind + direction * Product.values().length
                + product.ordinal();
    }

    /** This parameter's array in {@code blockOrder}, the layer's parameters in DJL's block order. */
    NDArray of(NDList blockOrder, int directions) {
        return blockOrder.get(index(directions));
    }

    /** DJL's name, e.g. {@code l_0_i2h_WEIGHT}. */
    String name() {
        return (direction == 0 ? "l" : "r") + '_' + layer + '_' + product.name().toLowerCase(Locale.ROOT) + '_'
                + kind.name();
    }

    /** The expected shape, for a first layer reading {@code inputSize} features. */
    Shape shape(LayerSpec spec, long inputSize) {
        long rows = (long) spec.cell().gates() * spec.hiddenSize();
        if (kind == Kind.BIAS) {
            return new Shape(rows);
        }
        if (product == Product.H2H) {
            return new Shape(rows, spec.hiddenSize());
        }
        return new Shape(rows, layer == 0 ? inputSize : (long) spec.directions() * spec.hiddenSize());
    }
}
