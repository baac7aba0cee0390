package dev.d2l.rnn.mxnet;

import dev.d2l.rnn.train.AdamSuite;

class MXNetAdamTest extends AdamSuite {

    @Override
    protected String engineName() {
        return "MXNet";
    }

    @Override
    protected boolean runsDjlAdam() {
        return true;
    }
}
