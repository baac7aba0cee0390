package dev.d2l.rnn.pytorch;

import dev.d2l.rnn.model.RNNModelSuite;

class PyTorchRNNModelTest extends RNNModelSuite {

    @Override
    protected String engineName() {
        return "PyTorch";
    }
}
