package dev.d2l.rnn.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.internal.NDArrayEx;
import ai.djl.nn.recurrent.RNN;

/**
 * The engine's fused recurrent op, the one DJL's {@code RNN}, {@code GRU} and {@code LSTM}
 * blocks call, handed the parameters in the order of a {@link RecurrentPath}.
 */
final class FusedRecurrence implements Recurrence {

    private final LayerSpec spec;
    private final RecurrentPath path;
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
        this.path = path;
    }

    @Override
    public NDList apply(NDArray x, NDList state, NDList parameters) {
        NDList ordered = path.order(parameters, spec.layers(), spec.directions());
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
        NDArrayEx ex = x.getNDArrayInternal();
        int layers = spec.layers();
        boolean bidirectional = spec.bidirectional();
        return switch (spec.cell()) {
            case RNN_TANH, RNN_RELU -> ex.rnn(x, state.head(), parameters, true, layers,
                    spec.cell() == RecurrentCell.RNN_TANH ? RNN.Activation.TANH : RNN.Activation.RELU,
                    0, training, bidirectional, false);
            case GRU -> ex.gru(x, state.head(), parameters, true, layers, 0, training, bidirectional, false);
            case LSTM -> ex.lstm(x, state, parameters, true, layers, 0, training, bidirectional, false);
        };
    }
}
