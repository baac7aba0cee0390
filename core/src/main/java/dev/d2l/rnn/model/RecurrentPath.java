package dev.d2l.rnn.model;

import ai.djl.ndarray.NDList;
import java.util.ArrayList;
import java.util.Arrays;
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
    FUSED("fused"),
    /** The fused op with {@code [W_ih, W_hh, b_ih, b_hh]} per layer and direction. */
    FUSED_PER_DIRECTION("fused, parameters per layer and direction"),
    /** The fused op with every layer's weights first, then every bias. */
    FUSED_WEIGHTS_FIRST("fused, all weights then all biases"),
    /** Plain NDArray operations: runs on every engine, and is the reference. */
    PORTABLE("portable");

    private final String label;

    RecurrentPath(String label) {
        this.label = label;
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
     * The parameters, given in DJL's block order, in the order this path hands them to the
     * fused op. The arrays themselves, not copies.
     */
    NDList order(NDList blockOrder, int layers, int directions) {
        NDList ordered = new NDList(blockOrder.size());
        for (int position : positions(layers, directions)) {
            ordered.add(blockOrder.get(position));
        }
        return ordered;
    }

    /** For each place in this path's order, the parameter's position in DJL's block order. */
    private int[] positions(int layers, int directions) {
        int[] positions = new int[ParameterLayout.count(layers, directions)];
        int next = 0;
        if (this == FUSED_PER_DIRECTION) {
            for (int l = 0; l < layers; l++) {
                for (int d = 0; d < directions; d++) {
                    for (int type = 0; type < 2; type++) {
                        for (int kind = 0; kind < 2; kind++) {
                            positions[next++] = ParameterLayout.index(l, d, kind, type, directions);
                        }
                    }
                }
            }
        } else if (this == FUSED_WEIGHTS_FIRST) {
            for (int type = 0; type < 2; type++) {
                for (int l = 0; l < layers; l++) {
                    for (int d = 0; d < directions; d++) {
                        for (int kind = 0; kind < 2; kind++) {
                            positions[next++] = ParameterLayout.index(l, d, kind, type, directions);
                        }
                    }
                }
            }
        } else {
            Arrays.setAll(positions, i -> i);
        }
        return positions;
    }
}
