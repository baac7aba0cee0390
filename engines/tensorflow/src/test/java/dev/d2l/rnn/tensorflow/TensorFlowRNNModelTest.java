package dev.d2l.rnn.tensorflow;

import dev.d2l.rnn.model.RNNModelSuite;

class TensorFlowRNNModelTest extends RNNModelSuite {

    @Override
    protected String engineName() {
        return "TensorFlow";
    }
}
