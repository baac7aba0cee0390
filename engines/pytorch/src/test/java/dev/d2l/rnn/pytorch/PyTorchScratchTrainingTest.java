package dev.d2l.rnn.pytorch;

import dev.d2l.rnn.train.ScratchTrainingSuite;

class PyTorchScratchTrainingTest extends ScratchTrainingSuite {

    @Override
    protected String engineName() {
        return "PyTorch";
    }
}
