package dev.d2l.rnn.pytorch;

import dev.d2l.rnn.train.ConcurrentTrainingSuite;

class PyTorchConcurrentTrainingTest extends ConcurrentTrainingSuite {

    @Override
    protected String engineName() {
        return "PyTorch";
    }
}
