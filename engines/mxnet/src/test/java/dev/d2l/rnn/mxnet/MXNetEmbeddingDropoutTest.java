package dev.d2l.rnn.mxnet;

import dev.d2l.rnn.model.EmbeddingDropoutSuite;

class MXNetEmbeddingDropoutTest extends EmbeddingDropoutSuite {

    @Override
    protected String engineName() {
        return "MXNet";
    }
}
