package dev.d2l.rnn.model;

import static dev.d2l.rnn.model.LayerParameter.Kind.BIAS;
import static dev.d2l.rnn.model.LayerParameter.Kind.WEIGHT;
import static dev.d2l.rnn.model.LayerParameter.Product.H2H;
import static dev.d2l.rnn.model.LayerParameter.Product.I2H;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * Backpropagation through time through the portable recurrent layer ({@link PortableRecurrence}),
 * every cell, layer and direction, batched: per layer and direction the gradients of the input
 * projection, of both weights and of both biases are one product (or sum) over all
 * steps * batch rows, and the cell's gate derivatives ({@link Cell#preActivations}) are computed
 * for all steps at once; only the recurrence ({@code dH_prev = dA W_hh}, and LSTM's cell state)
 * runs step by step. The incoming state is a constant: no gradient flows into it.
 */
final class RecurrenceBptt {

    private final LayerSpec spec;
    private final boolean fusedLinear;

    /** @param fusedLinear whether the products go through the engine's fused linear operator */
    RecurrenceBptt(LayerSpec spec, boolean fusedLinear) {
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
        Cell cell = spec.cell().math();
        NDArray[] gradients = new NDArray[LayerParameter.count(spec.layers(), directions)];
        NDArray dLayerOutput = dOutput;
        for (int layer = spec.layers() - 1; layer >= 0; layer--) {
            NDList perDirection = directions == 1 ? new NDList(dLayerOutput) : dLayerOutput.split(directions, 1);
            NDArray dInput = null;
            for (int d = 0; d < directions; d++) {
                RecurrenceTrace.Direction direction = trace.direction(layer, d);
                LayerParameter wih = new LayerParameter(layer, d, I2H, WEIGHT);
                LayerParameter whh = new LayerParameter(layer, d, H2H, WEIGHT);
                Cell.PreActivations pre = cell.preActivations(direction, perDirection.get(d),
                        RowProduct.times(whh.of(parameters, directions), dOutput.getManager(), fusedLinear));
                gradients[wih.index(directions)] = pre.input().transpose().matMul(direction.input);
                gradients[whh.index(directions)] = pre.state().transpose().matMul(direction.previousH());
                gradients[new LayerParameter(layer, d, I2H, BIAS).index(directions)] = pre.input().sum(new int[] {0});
                gradients[new LayerParameter(layer, d, H2H, BIAS).index(directions)] = pre.state().sum(new int[] {0});
                if (layer > 0 || inputGradient) {
                    NDArray part = RowProduct.times(wih.of(parameters, directions), dOutput.getManager(), fusedLinear)
                            .apply(pre.input());
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
}
