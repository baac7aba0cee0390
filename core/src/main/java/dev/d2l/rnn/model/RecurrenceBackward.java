package dev.d2l.rnn.model;

import static dev.d2l.rnn.model.ParameterLayout.BIAS;
import static dev.d2l.rnn.model.ParameterLayout.H2H;
import static dev.d2l.rnn.model.ParameterLayout.I2H;
import static dev.d2l.rnn.model.ParameterLayout.WEIGHT;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;

/**
 * Backpropagation through the portable recurrent layer ({@link PortableRecurrence}), every
 * cell, layer and direction, batched: per layer and direction the gradients of the input
 * projection, of both weights and of both biases are one product (or sum) over all
 * steps * batch rows, and the gate derivatives are computed for all steps at once; only the
 * recurrence ({@code dH_prev = dA W_hh}, and LSTM's cell state) runs step by step. The
 * incoming state is a constant: no gradient flows into it.
 */
final class RecurrenceBackward {

    private final LayerSpec spec;
    private final boolean fusedLinear;

    /** @param fusedLinear whether the products go through the engine's fused linear operator */
    RecurrenceBackward(LayerSpec spec, boolean fusedLinear) {
        this.spec = spec;
        this.fusedLinear = fusedLinear;
    }

    /**
     * The gradients of the layer's parameters.
     *
     * @param trace the forward pass
     * @param parameters the parameters it ran with, in DJL's block order
     * @param dOutput the loss's gradient with respect to the last layer's output, (steps * batch,
     *     directions * hidden), rows step-major
     * @param inputGradient whether to also return the gradient with respect to the layer's input
     * @return one gradient per parameter, in DJL's block order, then, if asked for, the input's
     *     (steps * batch, features)
     */
    NDList gradients(RecurrenceTrace trace, NDList parameters, NDArray dOutput, boolean inputGradient) {
        int directions = spec.directions();
        NDArray[] gradients = new NDArray[ParameterLayout.count(spec.layers(), directions)];
        NDArray dLayerOutput = dOutput;
        for (int layer = spec.layers() - 1; layer >= 0; layer--) {
            NDList perDirection = directions == 1 ? new NDList(dLayerOutput) : dLayerOutput.split(directions, 1);
            NDArray dInput = null;
            for (int d = 0; d < directions; d++) {
                RecurrenceTrace.Direction direction = trace.direction(layer, d);
                NDArray wih = parameters.get(ParameterLayout.index(layer, d, I2H, WEIGHT, directions));
                NDArray whh = parameters.get(ParameterLayout.index(layer, d, H2H, WEIGHT, directions));
                PreActivations pre = preActivations(direction, perDirection.get(d),
                        RowProduct.times(whh, dOutput.getManager(), fusedLinear));
                gradients[ParameterLayout.index(layer, d, I2H, WEIGHT, directions)] =
                        pre.input.transpose().matMul(direction.input);
                gradients[ParameterLayout.index(layer, d, H2H, WEIGHT, directions)] =
                        pre.state.transpose().matMul(direction.previousH());
                gradients[ParameterLayout.index(layer, d, I2H, BIAS, directions)] = pre.input.sum(new int[] {0});
                gradients[ParameterLayout.index(layer, d, H2H, BIAS, directions)] = pre.state.sum(new int[] {0});
                if (layer > 0 || inputGradient) {
                    NDArray part = RowProduct.times(wih, dOutput.getManager(), fusedLinear).apply(pre.input);
                    dInput = dInput == null ? part : dInput.add(part);
                }
            }
            NDArray mask = layer > 0 ? trace.between(layer - 1) : null;
            dLayerOutput = mask == null ? dInput : dInput.mul(mask.reshape(dInput.getShape()));
        }
        NDList result = new NDList(gradients);
        if (inputGradient) {
            result.add(dLayerOutput);
        }
        return result;
    }

    private PreActivations preActivations(RecurrenceTrace.Direction direction, NDArray dOutput, RowProduct stateSide) {
        return switch (spec.cell()) {
            case RNN_TANH, RNN_RELU -> rnn(direction, dOutput, stateSide);
            case GRU -> gru(direction, dOutput, stateSide);
            case LSTM -> lstm(direction, dOutput, stateSide);
        };
    }

    private PreActivations rnn(RecurrenceTrace.Direction direction, NDArray dOutput, RowProduct stateSide) {
        int steps = direction.steps();
        NDArray h = direction.allH();
        // phi'(A_t) written with H_t = phi(A_t).
        NDArray slopes = spec.cell() == RecurrentCell.RNN_TANH
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

    /**
     * GRU, {@code h' = (1 - z) n + z h}: with dh' given, {@code dA_n = dh' (1 - z)(1 - n^2)},
     * {@code dA_z = dh' (h - n) z (1 - z)}, {@code dA_r = dA_n (W_hn h + b_hn) r (1 - r)}; the
     * state side sees {@code dA_n r} where the input side sees {@code dA_n}.
     */
    private PreActivations gru(RecurrenceTrace.Direction direction, NDArray dOutput, RowProduct stateSide) {
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
        NDArray rz = state.get(new NDIndex(":, 0:{}", 2L * spec.hiddenSize()));
        NDArray input = NDArrays.concat(new NDList(rz, NDArrays.concat(new NDList(dN))), 1);
        return new PreActivations(input, state);
    }

    /**
     * LSTM, {@code c' = f c + i g}, {@code h' = o tanh(c')}: with dh' given, {@code dA_o = dh'
     * tanh(c') o (1 - o)} and {@code dc' = dc'_carried + dh' o (1 - tanh^2 c')}, then {@code
     * dA_i = dc' g i (1 - i)}, {@code dA_f = dc' c f (1 - f)}, {@code dA_g = dc' i (1 - g^2)}
     * and {@code dc = dc' f}.
     */
    private PreActivations lstm(RecurrenceTrace.Direction direction, NDArray dOutput, RowProduct stateSide) {
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

    /** {@code 1 - a^2}: tanh's derivative, written with its value a. */
    private static NDArray oneMinusSquare(NDArray a) {
        return a.square().neg().add(1);
    }

    /** {@code a (1 - a)}: the sigmoid's derivative, written with its value a. */
    private static NDArray sigmoidSlope(NDArray a) {
        return a.sub(a.square());
    }

    /**
     * The loss's gradients with respect to the gate pre-activations of every step, (steps *
     * batch, gates * hidden): on the input side ({@code W_ih x + b_ih}) and on the state side
     * ({@code W_hh h + b_hh}). They differ only for GRU, whose reset gate scales {@code W_hn h + b_hn}.
     */
    private record PreActivations(NDArray input, NDArray state) {}
}
