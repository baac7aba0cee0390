package dev.d2l.rnn.tensorflow;

import dev.d2l.rnn.checkpoint.CheckpointSuite;

class TensorFlowCheckpointTest extends CheckpointSuite {

    @Override
    protected String engineName() {
        return "TensorFlow";
    }
}
