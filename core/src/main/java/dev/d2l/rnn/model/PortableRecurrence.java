package dev.d2l.rnn.model;

import static dev.d2l.rnn.model.ParameterLayout.BIAS;
import static dev.d2l.rnn.model.ParameterLayout.H2H;
import static dev.d2l.rnn.model.ParameterLayout.I2H;
import static dev.d2l.rnn.model.ParameterLayout.WEIGHT;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;

/**
 * The recurrent layer in plain NDArray operations that every engine runs, TensorFlow
 * included: no gather, no indexed set, no repeat; results are built with stack and concat.
 * Per layer and direction the input projection is one product over all steps; only the
 * {@code h2h} product stays inside the loop over steps. {@link RecurrenceBackward} differentiates it.
 *
 * <p>tanh goes through DJL's {@link Activation}, the engines' activation kernels: MXNet's
 * {@code NDArray.tanh} was 13 times slower than its activation op on a 32 x 512 array.
 */
final class PortableRecurrence implements Recurrence {

    private final LayerSpec spec;
    private final boolean fusedLinear;

    /** @param fusedLinear whether the products go through the engine's fused linear operator */
    PortableRecurrence(LayerSpec spec, boolean fusedLinear) {
        this.spec = spec;
        this.fusedLinear = fusedLinear;
    }

    @Override
    public NDList apply(NDArray x, NDList state, NDList parameters) {
        return trace(x, state, parameters, null).result();
    }

    /**
     * The forward pass, keeping every layer's and direction's inputs, states and gates for a
     * backward pass; each layer's output but the last is multiplied by its mask in {@code
     * between} (dropout), when given.
     */
    RecurrenceTrace trace(NDArray x, NDList state, NDList parameters, NDList between) {
        NDManager manager = x.getManager();
        long steps = x.getShape().get(0);
        long batch = x.getShape().get(1);
        int directions = spec.directions();
        boolean lstm = spec.cell() == RecurrentCell.LSTM;
        RecurrenceTrace.Direction[][] traces = new RecurrenceTrace.Direction[spec.layers()][directions];
        NDList lastH = new NDList();
        NDList lastC = new NDList();
        NDArray input = x;
        for (int layer = 0; layer < spec.layers(); layer++) {
            NDArray flat = input.reshape(steps * batch, input.getShape().get(2));
            NDList outputs = new NDList(directions);
            for (int d = 0; d < directions; d++) {
                int slot = layer * directions + d;
                NDArray h = onManager(state.get(0).get(slot), manager);
                NDArray c = lstm ? onManager(state.get(1).get(slot), manager) : null;
                RecurrenceTrace.Direction trace = new RecurrenceTrace.Direction(flat, d == 1, h, c, Math.toIntExact(steps));
                direction(trace, parameters, layer, d);
                traces[layer][d] = trace;
                outputs.add(trace.output());
                lastH.add(trace.lastH());
                if (lstm) {
                    lastC.add(trace.lastC());
                }
            }
            input = directions == 1 ? outputs.head() : NDArrays.concat(outputs, 2);
            if (between != null && layer < spec.layers() - 1) {
                input = input.mul(between.get(layer));
            }
        }
        NDList result = new NDList(input, NDArrays.stack(lastH, 0));
        if (lstm) {
            result.add(NDArrays.stack(lastC, 0));
        }
        return new RecurrenceTrace(result, traces, between);
    }

    /** One direction of one layer, run from the trace's input and initial state, filling in its steps. */
    private void direction(RecurrenceTrace.Direction trace, NDList parameters, int layer, int d) {
        NDManager manager = trace.input.getManager();
        int directions = spec.directions();
        RowProduct inputSide = RowProduct.timesTransposed(
                parameters.get(ParameterLayout.index(layer, d, I2H, WEIGHT, directions)), manager, fusedLinear);
        RowProduct stateSide = RowProduct.timesTransposed(
                parameters.get(ParameterLayout.index(layer, d, H2H, WEIGHT, directions)), manager, fusedLinear);
        NDArray bih = parameters.get(ParameterLayout.index(layer, d, I2H, BIAS, directions));
        NDArray bhh = parameters.get(ParameterLayout.index(layer, d, H2H, BIAS, directions));
        boolean gru = spec.cell() == RecurrentCell.GRU;
        // GRU needs b_hh inside r * (W_hn h + b_hn); the other cells add both biases to the input once.
        NDArray projected = inputSide.apply(trace.input, gru ? bih : onManager(bih.add(bhh), manager));
        // Rows t * batch .. (t + 1) * batch - 1 are step t. On TensorFlow one split cost 0.14 ms
        // against 1.8 ms for a slice per step (1,120 x 512); MXNet is the other way round (4.4 ms
        // against 0.9), but trains this layer through its fused op by default.
        int steps = trace.steps();
        NDList perStep = projected.split(steps, 0);
        NDArray h = trace.initialH;
        NDArray c = trace.initialC;
        for (int i = 0; i < steps; i++) {
            int t = trace.time(i);
            NDArray fromInput = perStep.get(t);
            NDArray fromState = stateSide.apply(h);
            switch (spec.cell()) {
                case RNN_TANH -> h = Activation.tanh(fromInput.add(fromState));
                case RNN_RELU -> h = Activation.relu(fromInput.add(fromState));
                case GRU -> {
                    NDList xs = fromInput.split(3, 1);
                    NDList hs = fromState.add(bhh).split(3, 1);
                    NDArray r = Activation.sigmoid(xs.get(0).add(hs.get(0)));
                    NDArray z = Activation.sigmoid(xs.get(1).add(hs.get(1)));
                    NDArray n = Activation.tanh(xs.get(2).add(r.mul(hs.get(2))));
                    h = h.sub(n).mul(z).add(n);
                    trace.gates[t] = new NDArray[] {r, z, n, hs.get(2)};
                }
                case LSTM -> {
                    NDList gates = fromInput.add(fromState).split(4, 1);
                    NDArray in = Activation.sigmoid(gates.get(0));
                    NDArray forget = Activation.sigmoid(gates.get(1));
                    NDArray candidate = Activation.tanh(gates.get(2));
                    NDArray out = Activation.sigmoid(gates.get(3));
                    c = forget.mul(c).add(in.mul(candidate));
                    NDArray tanhC = Activation.tanh(c);
                    h = out.mul(tanhC);
                    trace.c[t] = c;
                    trace.gates[t] = new NDArray[] {in, forget, candidate, out, tanhC};
                }
            }
            trace.h[t] = h;
        }
    }

    /** Results of operations on an array join its manager: keep them out of the parameters' long-lived one. */
    private static NDArray onManager(NDArray array, NDManager manager) {
        array.attach(manager);
        return array;
    }
}
