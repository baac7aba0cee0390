package dev.d2l.rnn.tensorflow;

import dev.d2l.rnn.model.RecurrentCell;
import dev.d2l.rnn.model.RecurrentLayerSuite;
import dev.d2l.rnn.model.RecurrentPath;

class TensorFlowRecurrentLayerTest extends RecurrentLayerSuite {

    @Override
    protected String engineName() {
        return "TensorFlow";
    }

    /** DJL's TensorFlow engine has no fused recurrent op. */
    @Override
    protected RecurrentPath expectedPath(RecurrentCell cell, int layers, boolean bidirectional) {
        return RecurrentPath.PORTABLE;
    }
}
