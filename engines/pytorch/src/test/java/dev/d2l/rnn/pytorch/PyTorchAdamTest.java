package dev.d2l.rnn.pytorch;

import dev.d2l.rnn.train.AdamSuite;

class PyTorchAdamTest extends AdamSuite {

    @Override
    protected String engineName() {
        return "PyTorch";
    }

    @Override
    protected boolean runsDjlAdam() {
        return true;
    }
}
