package dev.d2l.rnn.tensorflow;

import dev.d2l.rnn.model.RowProductSuite;

class TensorFlowRowProductTest extends RowProductSuite {

    @Override
    protected String engineName() {
        return "TensorFlow";
    }
}
