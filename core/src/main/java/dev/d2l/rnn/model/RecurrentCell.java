package dev.d2l.rnn.model;

/**
 * The recurrent cells of d2l chapters 8 and 9, with torch's equations and gate order (which
 * DJL's blocks share): a vanilla RNN with tanh or ReLU, GRU (gates r, z, n) and LSTM (gates
 * i, f, g, o). Each cell's math lives in one class of its own.
 */
public enum RecurrentCell {
    /** {@code h = tanh(W_ih x + b_ih + W_hh h + b_hh)}. */
    RNN_TANH("RNN (tanh)", RnnCell.TANH),
    /** {@code h = relu(W_ih x + b_ih + W_hh h + b_hh)}. */
    RNN_RELU("RNN (relu)", RnnCell.RELU),
    /** Gated recurrent unit; {@code n = tanh(W_in x + b_in + r * (W_hn h + b_hn))}. */
    GRU("GRU", GruCell.INSTANCE),
    /** Long short-term memory; its state is the hidden state h and the memory cell c. */
    LSTM("LSTM", LstmCell.INSTANCE);

    private final String label;
    private final Cell math;

    RecurrentCell(String label, Cell math) {
        this.label = label;
        this.math = math;
    }

    /** How many gate blocks of H rows the weights stack (1, 3 or 4). */
    public int gates() {
        return math.gates();
    }

    /** How many state arrays the cell carries: 2 for LSTM (h and c), else 1. */
    public int states() {
        return math.states();
    }

    /** The cell's math: its step, its backward pass, its fused op. */
    Cell math() {
        return math;
    }

    @Override
    public String toString() {
        return label;
    }
}
