package dev.d2l.rnn.mxnet;

import dev.d2l.rnn.train.ConcurrentTrainingSuite;

class MXNetConcurrentTrainingTest extends ConcurrentTrainingSuite {

    @Override
    protected String engineName() {
        return "MXNet";
    }
}
