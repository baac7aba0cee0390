package dev.d2l.rnn.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Activation;

/**
 * The gated recurrent unit: gates r, z, n;
 * {@code n = tanh(W_in x + b_in + r * (W_hn h + b_hn))}, {@code h' = (1 - z) n + z h}. It
 * records per step {@code r, z, n} and {@code W_hn h + b_hn}.
 */
final class GruCell extends Cell {

    static final GruCell INSTANCE = new GruCell();

    private GruCell() {
        super(3, 1);
    }

    /** Only {@code b_ih}: {@code b_hh} belongs inside {@code r * (W_hn h + b_hn)}. */
    @Override
    NDArray inputBias(NDArray bih, NDArray bhh, NDManager manager) {
        return bih;
    }

    @Override
    NDArray step(RecurrenceTrace.Direction trace, int t, NDArray fromInput, NDArray fromState, NDArray h, NDArray c,
            NDArray bhh) {
        NDList xs = fromInput.split(3, 1);
        NDList hs = fromState.add(bhh).split(3, 1);
        NDArray r = Activation.sigmoid(xs.get(0).add(hs.get(0)));
        NDArray z = Activation.sigmoid(xs.get(1).add(hs.get(1)));
        NDArray n = Activation.tanh(xs.get(2).add(r.mul(hs.get(2))));
        trace.gates[t] = new NDArray[] {r, z, n, hs.get(2)};
        return h.sub(n).mul(z).add(n);
    }

    /**
     * With dh' given, {@code dA_n = dh' (1 - z)(1 - n^2)}, {@code dA_z = dh' (h - n) z (1 - z)},
     * {@code dA_r = dA_n (W_hn h + b_hn) r (1 - r)}; the state side sees {@code dA_n r} where the
     * input side sees {@code dA_n}.
     */
    @Override
    PreActivations preActivations(RecurrenceTrace.Direction direction, NDArray dOutput, RowProduct stateSide) {
        int steps = direction.steps();
        NDArray r = direction.allGates(0);
        NDArray z = direction.allGates(1);
        NDArray n = direction.allGates(2);
        NDArray hn = direction.allGates(3);
        NDList forN = z.neg().add(1).mul(oneMinusSquare(n)).split(steps);
        NDList forZ = direction.previousH().sub(n).mul(sigmoidSlope(z)).split(steps);
        NDList forR = hn.mul(sigmoidSlope(r)).split(steps);
        NDList dH = dOutput.split(steps);
        NDArray[] dState = new NDArray[steps];
        NDArray[] dN = new NDArray[steps];
        NDArray carried = null;
        for (int i = steps - 1; i >= 0; i--) {
            int t = direction.time(i);
            NDArray[] gates = direction.gates[t];
            NDArray dh = carried == null ? dH.get(t) : dH.get(t).add(carried);
            dN[t] = dh.mul(forN.get(t));
            NDArray dZ = dh.mul(forZ.get(t));
            NDArray dR = dN[t].mul(forR.get(t));
            dState[t] = NDArrays.concat(new NDList(dR, dZ, dN[t].mul(gates[0])), 1);
            carried = i > 0 ? dh.mul(gates[1]).add(stateSide.apply(dState[t])) : null;
        }
        NDArray state = NDArrays.concat(new NDList(dState));
        long hidden = dOutput.getShape().get(1);
        NDArray rz = state.get(new NDIndex(":, 0:{}", 2L * hidden));
        NDArray input = NDArrays.concat(new NDList(rz, NDArrays.concat(new NDList(dN))), 1);
        return new PreActivations(input, state);
    }

    @Override
    NDList fused(NDArray x, NDList state, NDList parameters, int layers, boolean bidirectional, boolean training) {
        return x.getNDArrayInternal().gru(x, state.head(), parameters, true, layers, 0, training, bidirectional, false);
    }
}
