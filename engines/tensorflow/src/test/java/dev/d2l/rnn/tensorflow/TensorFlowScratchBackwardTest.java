package dev.d2l.rnn.tensorflow;

import dev.d2l.rnn.model.ScratchBackwardSuite;

class TensorFlowScratchBackwardTest extends ScratchBackwardSuite {

    @Override
    protected String engineName() {
        return "TensorFlow";
    }
}
