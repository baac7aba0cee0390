package dev.d2l.rnn.tensorflow;

import dev.d2l.rnn.model.RNNModelBackwardSuite;

class TensorFlowRNNModelBackwardTest extends RNNModelBackwardSuite {

    @Override
    protected String engineName() {
        return "TensorFlow";
    }
}
