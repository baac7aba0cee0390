package dev.d2l.rnn.pytorch;

import dev.d2l.rnn.generate.GenerationSuite;

class PyTorchGenerationTest extends GenerationSuite {

    @Override
    protected String engineName() {
        return "PyTorch";
    }
}
