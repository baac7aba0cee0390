package dev.d2l.rnn.pytorch;

import dev.d2l.rnn.model.RNNModelBackwardSuite;

class PyTorchRNNModelBackwardTest extends RNNModelBackwardSuite {

    @Override
    protected String engineName() {
        return "PyTorch";
    }
}
