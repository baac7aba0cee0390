package dev.d2l.rnn.mxnet;

import dev.d2l.rnn.model.RNNModelBackwardSuite;

class MXNetRNNModelBackwardTest extends RNNModelBackwardSuite {

    @Override
    protected String engineName() {
        return "MXNet";
    }
}
