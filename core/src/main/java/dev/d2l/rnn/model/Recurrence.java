package dev.d2l.rnn.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/** What a recurrent layer computes; the fused op and the portable layer both keep this contract. */
interface Recurrence {

    /**
     * Runs every layer and direction over the whole sequence.
     *
     * @param x the input, (steps, batch, features), time-major
     * @param state {@code cell.states()} arrays of shape (layers * directions, batch, hidden),
     *     already checked
     * @param parameters the layer's parameters in DJL's block order
     * @return the last layer's output (steps, batch, directions * hidden), then the final state
     *     arrays in the shape they came in
     */
    NDList apply(NDArray x, NDList state, NDList parameters);
}
