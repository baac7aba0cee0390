package dev.d2l.rnn.tensorflow;

import dev.d2l.rnn.train.AdamSuite;

class TensorFlowAdamTest extends AdamSuite {

    @Override
    protected String engineName() {
        return "TensorFlow";
    }

    @Override
    protected boolean runsDjlAdam() {
        return false;
    }
}
