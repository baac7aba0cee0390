package dev.d2l.rnn.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * How a {@link RecurrentLayer} computes: the engine's fused recurrent op (DJL's internal
 * {@code rnn/gru/lstm}), handed the parameters in one of the orders an engine may expect, or
 * the portable layer written with plain NDArray operations.
 *
 * <p>DJL's blocks pass, per layer, every direction's weights and then every direction's
 * biases. PyTorch reads {@code [W_ih, W_hh, b_ih, b_hh]} per layer and direction; MXNet reads
 * every layer's weights, then every bias. For one layer in one direction all three orders are
 * the same. Which order (if any) gives the right numbers is measured, never assumed: see
 * {@link RecurrentPaths#path}.
 */
public enum RecurrentPath {
    /** The fused op with the parameters in DJL's block order. */
    FUSED("fused", LayerParameter.BLOCK_ORDER),
    /** The fused op with {@code [W_ih, W_hh, b_ih, b_hh]} per layer and direction. */
    FUSED_PER_DIRECTION("fused, parameters per layer and direction", Comparator.comparingInt(LayerParameter::layer)
            .thenComparingInt(LayerParameter::direction).thenComparing(LayerParameter::kind)
            .thenComparing(LayerParameter::product)),
    /** The fused op with every layer's weights first, then every bias. */
    FUSED_WEIGHTS_FIRST("fused, all weights then all biases", Comparator.comparing(LayerParameter::kind)
            .thenComparingInt(LayerParameter::layer).thenComparingInt(LayerParameter::direction)
            .thenComparing(LayerParameter::product)),
    /** Plain NDArray operations: runs on every engine, and is the reference. */
    PORTABLE("portable", LayerParameter.BLOCK_ORDER);

    private final String label;
    private final Comparator<LayerParameter> order;

    RecurrentPath(String label, Comparator<LayerParameter> order) {
        this.label = label;
        this.order = order;
    }

    /** Whether this path runs the engine's fused op. */
    public boolean fused() {
        return this != PORTABLE;
    }

    /**
     * The fused paths that hand over the parameters in different orders for this geometry, in
     * declaration order; one layer in one direction has a single order.
     */
    public static List<RecurrentPath> distinctFused(int layers, boolean bidirectional) {
        int directions = bidirectional ? 2 : 1;
        List<RecurrentPath> distinct = new ArrayList<>();
        List<int[]> seen = new ArrayList<>();
        for (RecurrentPath path : values()) {
            int[] order = path.positions(layers, directions);
            if (path.fused() && seen.stream().noneMatch(o -> Arrays.equals(o, order))) {
                seen.add(order);
                distinct.add(path);
            }
        }
        return distinct;
    }

    @Override
    public String toString() {
        return label;
    }

    /**
     * For each place in this path's order, the parameter's position in DJL's block order: the
     * fused op takes {@code blockOrder.get(positions[i])} as its i-th parameter.
     */
    int[] positions(int layers, int directions) {
        return LayerParameter.all(layers, directions, order).stream().mapToInt(p -> p.index(directions)).toArray();
    }
}
