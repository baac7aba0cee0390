package dev.d2l.rnn.pytorch;

import dev.d2l.rnn.model.CrossEntropySuite;

class PyTorchCrossEntropyTest extends CrossEntropySuite {

    @Override
    protected String engineName() {
        return "PyTorch";
    }
}
