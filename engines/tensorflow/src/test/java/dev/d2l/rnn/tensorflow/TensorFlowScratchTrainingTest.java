package dev.d2l.rnn.tensorflow;

import dev.d2l.rnn.train.ScratchTrainingSuite;

class TensorFlowScratchTrainingTest extends ScratchTrainingSuite {

    @Override
    protected String engineName() {
        return "TensorFlow";
    }
}
