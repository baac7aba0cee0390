package dev.d2l.rnn.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

/**
 * One recurrent cell's math, all in one place, in the spirit of DJL's class per recurrent block:
 * its gate layout, one step of the portable forward pass, its backward pass batched over all
 * steps, and the engine's fused op for it. {@link RecurrentCell} names the cells; a new cell
 * compiles only once it has every part. The layer around a cell (layers, directions, the
 * products with the weights, dropout between layers) is {@link PortableRecurrence}'s and
 * {@link RecurrenceBptt}'s.
 *
 * <p>Gates follow torch's equations and order, which DJL's blocks share. On every path, each
 * step's input projection {@code W_ih x + bias} is computed for all steps at once (the bias from
 * {@link #inputBias}); only {@code W_hh h} is computed per step.
 */
abstract sealed class Cell permits RnnCell, GruCell, LstmCell {

    private final int gates;
    private final int states;

    /**
     * @param gates how many gate blocks of H rows the weights stack
     * @param states how many state arrays the cell carries
     */
    Cell(int gates, int states) {
        this.gates = gates;
        this.states = states;
    }

    /** How many gate blocks of H rows the weights stack (1, 3 or 4). */
    final int gates() {
        return gates;
    }

    /** How many state arrays the cell carries: 2 for LSTM (h and c), else 1. */
    final int states() {
        return states;
    }

    /**
     * The bias added to every step's input projection: {@code b_ih + b_hh}, both added once,
     * except where the cell needs {@code b_hh} inside a gate (GRU). A new array joins {@code manager}.
     */
    NDArray inputBias(NDArray bih, NDArray bhh, NDManager manager) {
        return onManager(bih.add(bhh), manager);
    }

    /**
     * One step of the portable forward pass.
     *
     * @param trace the direction being run: this step's gates (what {@link #preActivations}
     *     needs) and, for LSTM, its memory cell are recorded there at {@code t}
     * @param t the time step
     * @param fromInput {@code W_ih x_t} plus {@link #inputBias}, (batch, gates * hidden)
     * @param fromState {@code W_hh h}, (batch, gates * hidden)
     * @param h the previous hidden state
     * @param c the previous memory cell (LSTM), else null
     * @param bhh the state side's bias
     * @return the new hidden state
     */
    abstract NDArray step(RecurrenceTrace.Direction trace, int t, NDArray fromInput, NDArray fromState, NDArray h, NDArray c,
            NDArray bhh);

    /**
     * The loss's gradients with respect to the gate pre-activations of every step of one
     * direction: only the recurrence runs step by step, every gate derivative is computed for all
     * steps at once.
     *
     * @param direction the forward pass of this direction
     * @param dOutput the loss's gradient with respect to this direction's outputs, (steps * batch, hidden)
     * @param stateSide the product with {@code W_hh} (not transposed): {@code dA W_hh}
     */
    abstract PreActivations preActivations(RecurrenceTrace.Direction direction, NDArray dOutput, RowProduct stateSide);

    /**
     * The engine's fused op for this cell over every layer and direction (DJL's internal
     * {@code rnn}, {@code gru} or {@code lstm}, the ones its blocks call).
     *
     * @param parameters in the order the engine's op expects ({@link RecurrentPath})
     * @param training the op's training flag (it only switches dropout, 0 here)
     */
    abstract NDList fused(NDArray x, NDList state, NDList parameters, int layers, boolean bidirectional, boolean training);

    /**
     * The gradients with respect to the gate pre-activations of every step, (steps * batch,
     * gates * hidden): on the input side ({@code W_ih x + b_ih}) and on the state side ({@code
     * W_hh h + b_hh}). They differ only for GRU, whose reset gate scales {@code W_hn h + b_hn}.
     */
    record PreActivations(NDArray input, NDArray state) {}

    /** {@code 1 - a^2}: tanh's derivative, written with its value a. */
    static NDArray oneMinusSquare(NDArray a) {
        return a.square().neg().add(1);
    }

    /** {@code a (1 - a)}: the sigmoid's derivative, written with its value a. */
    static NDArray sigmoidSlope(NDArray a) {
        return a.sub(a.square());
    }

    /** Results of operations on an array join its manager: keep them out of the parameters' long-lived one. */
    static NDArray onManager(NDArray array, NDManager manager) {
        array.attach(manager);
        return array;
    }
}
