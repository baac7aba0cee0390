package dev.d2l.rnn.tensorflow;

import dev.d2l.rnn.model.CrossEntropySuite;

class TensorFlowCrossEntropyTest extends CrossEntropySuite {

    @Override
    protected String engineName() {
        return "TensorFlow";
    }
}
