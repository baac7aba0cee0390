package dev.d2l.rnn.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;

/**
 * Long short-term memory: gates i, f, g, o; {@code c' = f c + i g}, {@code h' = o tanh(c')}. Its
 * state is the hidden state h and the memory cell c; it records per step {@code i, f, g, o} and
 * {@code tanh(c')}, and c'.
 */
final class LstmCell extends Cell {

    static final LstmCell INSTANCE = new LstmCell();

    private LstmCell() {
        super(4, 2);
    }

    @Override
    NDArray step(RecurrenceTrace.Direction trace, int t, NDArray fromInput, NDArray fromState, NDArray h, NDArray c,
            NDArray bhh) {
        NDList gates = fromInput.add(fromState).split(4, 1);
        NDArray in = Activation.sigmoid(gates.get(0));
        NDArray forget = Activation.sigmoid(gates.get(1));
        NDArray candidate = Activation.tanh(gates.get(2));
        NDArray out = Activation.sigmoid(gates.get(3));
        NDArray next = forget.mul(c).add(in.mul(candidate));
        NDArray tanhC = Activation.tanh(next);
        trace.c[t] = next;
        trace.gates[t] = new NDArray[] {in, forget, candidate, out, tanhC};
        return out.mul(tanhC);
    }

    /**
     * With dh' given, {@code dA_o = dh' tanh(c') o (1 - o)} and {@code dc' = dc'_carried + dh' o
     * (1 - tanh^2 c')}, then {@code dA_i = dc' g i (1 - i)}, {@code dA_f = dc' c f (1 - f)},
     * {@code dA_g = dc' i (1 - g^2)} and {@code dc = dc' f}.
     */
    @Override
    PreActivations preActivations(RecurrenceTrace.Direction direction, NDArray dOutput, RowProduct stateSide) {
        int steps = direction.steps();
        NDArray in = direction.allGates(0);
        NDArray forget = direction.allGates(1);
        NDArray candidate = direction.allGates(2);
        NDArray out = direction.allGates(3);
        NDArray tanhC = direction.allGates(4);
        NDList forO = tanhC.mul(sigmoidSlope(out)).split(steps);
        NDList forC = out.mul(oneMinusSquare(tanhC)).split(steps);
        NDList forI = candidate.mul(sigmoidSlope(in)).split(steps);
        NDList forF = direction.previousC().mul(sigmoidSlope(forget)).split(steps);
        NDList forG = in.mul(oneMinusSquare(candidate)).split(steps);
        NDList dH = dOutput.split(steps);
        NDArray[] dA = new NDArray[steps];
        NDArray carriedH = null;
        NDArray carriedC = null;
        for (int i = steps - 1; i >= 0; i--) {
            int t = direction.time(i);
            NDArray dh = carriedH == null ? dH.get(t) : dH.get(t).add(carriedH);
            NDArray dc = dh.mul(forC.get(t));
            if (carriedC != null) {
                dc = dc.add(carriedC);
            }
            dA[t] = NDArrays.concat(new NDList(dc.mul(forI.get(t)), dc.mul(forF.get(t)), dc.mul(forG.get(t)),
                    dh.mul(forO.get(t))), 1);
            if (i > 0) {
                carriedH = stateSide.apply(dA[t]);
                carriedC = dc.mul(direction.gates[t][1]);
            }
        }
        NDArray all = NDArrays.concat(new NDList(dA));
        return new PreActivations(all, all);
    }

    @Override
    NDList fused(NDArray x, NDList state, NDList parameters, int layers, boolean bidirectional, boolean training) {
        return x.getNDArrayInternal().lstm(x, state, parameters, true, layers, 0, training, bidirectional, false);
    }
}
