package dev.d2l.rnn.mxnet;

import dev.d2l.rnn.checkpoint.CheckpointSuite;

class MXNetCheckpointTest extends CheckpointSuite {

    @Override
    protected String engineName() {
        return "MXNet";
    }
}
