package dev.d2l.rnn.pytorch;

import dev.d2l.rnn.train.HeldOutSuite;

class PyTorchHeldOutTest extends HeldOutSuite {

    @Override
    protected String engineName() {
        return "PyTorch";
    }
}
