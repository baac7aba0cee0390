package dev.d2l.rnn.mxnet;

import dev.d2l.rnn.train.HeldOutSuite;

class MXNetHeldOutTest extends HeldOutSuite {

    @Override
    protected String engineName() {
        return "MXNet";
    }
}
