package dev.d2l.rnn.mxnet;

import dev.d2l.rnn.model.ScratchBackwardSuite;

class MXNetScratchBackwardTest extends ScratchBackwardSuite {

    @Override
    protected String engineName() {
        return "MXNet";
    }
}
