package dev.d2l.rnn.model;

import ai.djl.ndarray.types.Shape;

/** The geometry both recurrence implementations share. */
record LayerSpec(RecurrentCell cell, int hiddenSize, int layers, boolean bidirectional) {

    LayerSpec {
        if (cell == null) {
            throw new IllegalArgumentException("A recurrent layer needs a cell (RNN_TANH, RNN_RELU, GRU or LSTM)");
        }
        if (hiddenSize < 1 || layers < 1) {
            throw new IllegalArgumentException(
                    "Hidden size and layers must be positive, got hidden size " + hiddenSize + " and " + layers + " layers");
        }
    }

    int directions() {
        return bidirectional ? 2 : 1;
    }

    Shape stateShape(long batch) {
        return new Shape((long) layers * directions(), batch, hiddenSize);
    }
}
