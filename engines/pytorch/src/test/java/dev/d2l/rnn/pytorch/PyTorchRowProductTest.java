package dev.d2l.rnn.pytorch;

import dev.d2l.rnn.model.RowProductSuite;

class PyTorchRowProductTest extends RowProductSuite {

    @Override
    protected String engineName() {
        return "PyTorch";
    }
}
