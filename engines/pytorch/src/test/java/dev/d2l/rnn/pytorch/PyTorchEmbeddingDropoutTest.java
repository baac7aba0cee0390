package dev.d2l.rnn.pytorch;

import dev.d2l.rnn.model.EmbeddingDropoutSuite;

class PyTorchEmbeddingDropoutTest extends EmbeddingDropoutSuite {

    @Override
    protected String engineName() {
        return "PyTorch";
    }
}
