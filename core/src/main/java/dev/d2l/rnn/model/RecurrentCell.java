package dev.d2l.rnn.model;

/**
 * The recurrent cells of d2l chapters 8 and 9, with torch's equations and gate order (which
 * DJL's blocks share): a vanilla RNN with tanh or ReLU, GRU (gates r, z, n) and LSTM (gates
 * i, f, g, o).
 */
public enum RecurrentCell {
    /** {@code h = tanh(W_ih x + b_ih + W_hh h + b_hh)}. */
    RNN_TANH("RNN (tanh)", 1, 1),
    /** {@code h = relu(W_ih x + b_ih + W_hh h + b_hh)}. */
    RNN_RELU("RNN (relu)", 1, 1),
    /** Gated recurrent unit; {@code n = tanh(W_in x + b_in + r * (W_hn h + b_hn))}. */
    GRU("GRU", 3, 1),
    /** Long short-term memory; its state is the hidden state h and the memory cell c. */
    LSTM("LSTM", 4, 2);

    private final String label;
    private final int gates;
    private final int states;

    RecurrentCell(String label, int gates, int states) {
        this.label = label;
        this.gates = gates;
        this.states = states;
    }

    /** How many gate blocks of H rows the weights stack (1, 3 or 4). */
    public int gates() {
        return gates;
    }

    /** How many state arrays the cell carries: 2 for LSTM (h and c), else 1. */
    public int states() {
        return states;
    }

    @Override
    public String toString() {
        return label;
    }
}
