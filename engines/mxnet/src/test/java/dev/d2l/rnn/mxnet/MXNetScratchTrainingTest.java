package dev.d2l.rnn.mxnet;

import dev.d2l.rnn.train.ScratchTrainingSuite;

class MXNetScratchTrainingTest extends ScratchTrainingSuite {

    @Override
    protected String engineName() {
        return "MXNet";
    }
}
