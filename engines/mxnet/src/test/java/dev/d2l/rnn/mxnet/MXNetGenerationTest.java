package dev.d2l.rnn.mxnet;

import dev.d2l.rnn.generate.GenerationSuite;

class MXNetGenerationTest extends GenerationSuite {

    @Override
    protected String engineName() {
        return "MXNet";
    }
}
