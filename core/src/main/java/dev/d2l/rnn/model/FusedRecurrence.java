package dev.d2l.rnn.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * The engine's fused recurrent op, the one DJL's {@code RNN}, {@code GRU} and {@code LSTM}
 * blocks call ({@link Cell#fused}), handed the parameters in the order of a {@link RecurrentPath}.
 */
final class FusedRecurrence implements Recurrence {

    private final LayerSpec spec;
    /** The op's i-th parameter is the block's {@code positions[i]}-th. */
    private final int[] positions;
    /**
     * The op's training flag only switches dropout, which is 0 here, but MXNet rejects the call
     * unless the flag matches whether autograd is recording, and DJL does not tell: the flag
     * that was last accepted is tried first.
     */
    private volatile boolean training;

    FusedRecurrence(LayerSpec spec, RecurrentPath path) {
        if (!path.fused()) {
            throw new IllegalArgumentException(path + " is not a fused path");
        }
        this.spec = spec;
        this.positions = path.positions(spec.layers(), spec.directions());
    }

    @Override
    public NDList apply(NDArray x, NDList state, NDList parameters) {
        NDList ordered = new NDList(positions.length);
        for (int position : positions) {
            ordered.add(parameters.get(position));
        }
        boolean flag = training;
        try {
            return call(x, state, ordered, flag);
        } catch (IllegalArgumentException rejected) {
            NDList result;
            try {
                result = call(x, state, ordered, !flag);
            } catch (RuntimeException again) {
                again.addSuppressed(rejected);
                throw again;
            }
            training = !flag;
            return result;
        }
    }

    private NDList call(NDArray x, NDList state, NDList parameters, boolean training) {
        return spec.cell().math().fused(x, state, parameters, spec.layers(), spec.bidirectional(), training);
    }
}
