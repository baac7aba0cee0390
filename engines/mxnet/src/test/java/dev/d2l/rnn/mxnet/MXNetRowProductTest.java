package dev.d2l.rnn.mxnet;

import dev.d2l.rnn.model.RowProductSuite;

class MXNetRowProductTest extends RowProductSuite {

    @Override
    protected String engineName() {
        return "MXNet";
    }
}
