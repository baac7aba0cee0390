package dev.d2l.rnn.tensorflow;

import dev.d2l.rnn.model.EmbeddingDropoutSuite;

class TensorFlowEmbeddingDropoutTest extends EmbeddingDropoutSuite {

    @Override
    protected String engineName() {
        return "TensorFlow";
    }
}
