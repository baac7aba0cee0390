package dev.d2l.rnn.tensorflow;

import dev.d2l.rnn.generate.GenerationSuite;

class TensorFlowGenerationTest extends GenerationSuite {

    @Override
    protected String engineName() {
        return "TensorFlow";
    }
}
