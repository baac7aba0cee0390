package dev.d2l.rnn.mxnet;

import dev.d2l.rnn.model.RNNModelSuite;

class MXNetRNNModelTest extends RNNModelSuite {

    @Override
    protected String engineName() {
        return "MXNet";
    }
}
