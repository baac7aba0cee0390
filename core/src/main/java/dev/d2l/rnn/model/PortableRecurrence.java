package dev.d2l.rnn.model;

import static dev.d2l.rnn.model.LayerParameter.Kind.BIAS;
import static dev.d2l.rnn.model.LayerParameter.Kind.WEIGHT;
import static dev.d2l.rnn.model.LayerParameter.Product.H2H;
import static dev.d2l.rnn.model.LayerParameter.Product.I2H;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

/**
 * The recurrent layer in plain NDArray operations that every engine runs, TensorFlow
 * included: no gather, no indexed set, no repeat; results are built with stack and concat.
 * Per layer and direction the input projection is one product over all steps; only the
 * {@code h2h} product and the cell's step ({@link Cell#step}) stay inside the loop over steps.
 * {@link RecurrenceBptt} differentiates it.
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
        boolean memory = spec.cell().states() == 2;
        RecurrenceTrace.Direction[][] traces = new RecurrenceTrace.Direction[spec.layers()][directions];
        NDList lastH = new NDList();
        NDList lastC = new NDList();
        NDArray input = x;
        for (int layer = 0; layer < spec.layers(); layer++) {
            NDArray flat = input.reshape(steps * batch, input.getShape().get(2));
            NDList outputs = new NDList(directions);
            for (int d = 0; d < directions; d++) {
                int slot = layer * directions + d;
                NDArray h = Cell.onManager(state.get(0).get(slot), manager);
                NDArray c = memory ? Cell.onManager(state.get(1).get(slot), manager) : null;
                RecurrenceTrace.Direction trace = new RecurrenceTrace.Direction(flat, d == 1, h, c, Math.toIntExact(steps));
                direction(trace, parameters, layer, d);
                traces[layer][d] = trace;
                outputs.add(trace.output());
                lastH.add(trace.lastH());
                if (memory) {
                    lastC.add(trace.lastC());
                }
            }
            input = directions == 1 ? outputs.head() : NDArrays.concat(outputs, 2);
            if (between != null && layer < spec.layers() - 1) {
                input = input.mul(between.get(layer));
            }
        }
        NDList result = new NDList(input, NDArrays.stack(lastH, 0));
        if (memory) {
            result.add(NDArrays.stack(lastC, 0));
        }
        return new RecurrenceTrace(result, traces, between);
    }

    /** One direction of one layer, run from the trace's input and initial state, filling in its steps. */
    private void direction(RecurrenceTrace.Direction trace, NDList parameters, int layer, int d) {
        NDManager manager = trace.input.getManager();
        int directions = spec.directions();
        Cell cell = spec.cell().math();
        RowProduct inputSide = RowProduct.timesTransposed(
                new LayerParameter(layer, d, I2H, WEIGHT).of(parameters, directions), manager, fusedLinear);
        RowProduct stateSide = RowProduct.timesTransposed(
                new LayerParameter(layer, d, H2H, WEIGHT).of(parameters, directions), manager, fusedLinear);
        NDArray bih = new LayerParameter(layer, d, I2H, BIAS).of(parameters, directions);
        NDArray bhh = new LayerParameter(layer, d, H2H, BIAS).of(parameters, directions);
        NDArray projected = inputSide.apply(trace.input, cell.inputBias(bih, bhh, manager));
        // Rows t * batch .. (t + 1) * batch - 1 are step t. On TensorFlow one split cost 0.14 ms
        // against 1.8 ms for a slice per step (1,120 x 512); MXNet is the other way round (4.4 ms
        // against 0.9), but trains this layer through its fused op by default.
        int steps = trace.steps();
        NDList perStep = projected.split(steps, 0);
        NDArray h = trace.initialH;
        NDArray c = trace.initialC;
        for (int i = 0; i < steps; i++) {
            int t = trace.time(i);
            h = cell.step(trace, t, perStep.get(t), stateSide.apply(h), h, c, bhh);
            if (c != null) {
                c = trace.c[t];
            }
            trace.h[t] = h;
        }
    }
}
