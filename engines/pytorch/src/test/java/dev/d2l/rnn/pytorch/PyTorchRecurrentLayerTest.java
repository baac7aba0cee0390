package dev.d2l.rnn.pytorch;

import dev.d2l.rnn.model.RecurrentCell;
import dev.d2l.rnn.model.RecurrentLayerSuite;
import dev.d2l.rnn.model.RecurrentPath;

class PyTorchRecurrentLayerTest extends RecurrentLayerSuite {

    @Override
    protected String engineName() {
        return "PyTorch";
    }

    /**
     * LSTM: the fused op is off by 1e-2 in float32 for every parameter order (right in float64).
     * Bidirectional: DJL's order makes torch throw; torch's own order per layer and direction is right.
     */
    @Override
    protected RecurrentPath expectedPath(RecurrentCell cell, int layers, boolean bidirectional) {
        if (cell == RecurrentCell.LSTM) {
            return RecurrentPath.PORTABLE;
        }
        return bidirectional ? RecurrentPath.FUSED_PER_DIRECTION : RecurrentPath.FUSED;
    }
}
