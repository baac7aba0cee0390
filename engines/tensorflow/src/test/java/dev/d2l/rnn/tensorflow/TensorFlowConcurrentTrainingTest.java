package dev.d2l.rnn.tensorflow;

import dev.d2l.rnn.train.ConcurrentTrainingSuite;

class TensorFlowConcurrentTrainingTest extends ConcurrentTrainingSuite {

    @Override
    protected String engineName() {
        return "TensorFlow";
    }
}
