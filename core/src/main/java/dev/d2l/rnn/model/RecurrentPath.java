package dev.d2l.rnn.model;

import ai.djl.ndarray.NDList;

/**
 * How a {@link RecurrentLayer} computes: the engine's fused recurrent op (DJL's internal
 * {@code rnn/gru/lstm}), handed the parameters in one of the orders an engine may expect, or
 * the portable layer written with plain NDArray operations.
 *
 * <p>DJL's blocks pass, per layer, every direction's weights and then every direction's
 * biases. PyTorch reads {@code [W_ih, W_hh, b_ih, b_hh]} per layer and direction; MXNet reads
 * every layer's weights, then every bias. For one layer in one direction all three orders are
 * the same. Which order (if any) gives the right numbers is measured, never assumed: see
 * {@code Capabilities#recurrentPath}.
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

    @Override
    public String toString() {
        return label;
    }

    /**
     * The parameters, given in DJL's block order, in the order this path hands them to the
     * fused op. The arrays themselves, not copies.
     */
    NDList order(NDList blockOrder, int layers, int directions) {
        if (this == FUSED || this == PORTABLE) {
            return blockOrder;
        }
        NDList ordered = new NDList(blockOrder.size());
        if (this == FUSED_PER_DIRECTION) {
            for (int l = 0; l < layers; l++) {
                for (int d = 0; d < directions; d++) {
                    for (int type = 0; type < 2; type++) {
                        ordered.add(blockOrder.get(ParameterLayout.index(l, d, 0, type, directions)));
                        ordered.add(blockOrder.get(ParameterLayout.index(l, d, 1, type, directions)));
                    }
                }
            }
        } else {
            for (int type = 0; type < 2; type++) {
                for (int l = 0; l < layers; l++) {
                    for (int d = 0; d < directions; d++) {
                        ordered.add(blockOrder.get(ParameterLayout.index(l, d, 0, type, directions)));
                        ordered.add(blockOrder.get(ParameterLayout.index(l, d, 1, type, directions)));
                    }
                }
            }
        }
        return ordered;
    }
}
