package dev.d2l.rnn.tensorflow;

import dev.d2l.rnn.train.HeldOutSuite;

class TensorFlowHeldOutTest extends HeldOutSuite {

    @Override
    protected String engineName() {
        return "TensorFlow";
    }
}
