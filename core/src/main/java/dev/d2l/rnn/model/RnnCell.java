package dev.d2l.rnn.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import ai.djl.nn.recurrent.RNN;

/**
 * The vanilla RNN, {@code h = phi(W_ih x + b_ih + W_hh h + b_hh)} with phi tanh or ReLU: one
 * gate block, one state array. It records no gates: {@code phi'} is written with its value h.
 *
 * <p>tanh goes through DJL's {@link Activation}, the engines' activation kernels: MXNet's
 * {@code NDArray.tanh} was 13 times slower than its activation op on a 32 x 512 array.
 */
final class RnnCell extends Cell {

    static final RnnCell TANH = new RnnCell(RNN.Activation.TANH);
    static final RnnCell RELU = new RnnCell(RNN.Activation.RELU);

    private final RNN.Activation activation;

    private RnnCell(RNN.Activation activation) {
        super(1, 1);
        this.activation = activation;
    }

    @Override
    NDArray step(RecurrenceTrace.Direction trace, int t, NDArray fromInput, NDArray fromState, NDArray h, NDArray c,
            NDArray bhh) {
        return activation == RNN.Activation.TANH
                ? Activation.tanh(fromInput.add(fromState))
                : Activation.relu(fromInput.add(fromState));
    }

    @Override
    PreActivations preActivations(RecurrenceTrace.Direction direction, NDArray dOutput, RowProduct stateSide) {
        int steps = direction.steps();
        NDArray h = direction.allH();
        // phi'(A_t) written with H_t = phi(A_t).
        NDArray slopes = activation == RNN.Activation.TANH
                ? oneMinusSquare(h)
                : h.gt(0).toType(h.getDataType(), false);
        NDList slope = slopes.split(steps);
        NDList dH = dOutput.split(steps);
        NDArray[] dA = new NDArray[steps];
        NDArray carried = null;
        for (int i = steps - 1; i >= 0; i--) {
            int t = direction.time(i);
            NDArray dh = carried == null ? dH.get(t) : dH.get(t).add(carried);
            dA[t] = dh.mul(slope.get(t));
            carried = i > 0 ? stateSide.apply(dA[t]) : null;
        }
        NDArray all = NDArrays.concat(new NDList(dA));
        return new PreActivations(all, all);
    }

    @Override
    NDList fused(NDArray x, NDList state, NDList parameters, int layers, boolean bidirectional, boolean training) {
        return x.getNDArrayInternal().rnn(x, state.head(), parameters, true, layers, activation, 0, training, bidirectional,
                false);
    }
}
