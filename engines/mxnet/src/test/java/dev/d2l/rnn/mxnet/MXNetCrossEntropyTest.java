package dev.d2l.rnn.mxnet;

import dev.d2l.rnn.model.CrossEntropySuite;

class MXNetCrossEntropyTest extends CrossEntropySuite {

    @Override
    protected String engineName() {
        return "MXNet";
    }
}
