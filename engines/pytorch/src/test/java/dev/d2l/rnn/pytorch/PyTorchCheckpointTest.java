package dev.d2l.rnn.pytorch;

import dev.d2l.rnn.checkpoint.CheckpointSuite;

class PyTorchCheckpointTest extends CheckpointSuite {

    @Override
    protected String engineName() {
        return "PyTorch";
    }
}
