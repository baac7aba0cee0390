package dev.d2l.rnn.pytorch;

import dev.d2l.rnn.model.ScratchBackwardSuite;

class PyTorchScratchBackwardTest extends ScratchBackwardSuite {

    @Override
    protected String engineName() {
        return "PyTorch";
    }
}
