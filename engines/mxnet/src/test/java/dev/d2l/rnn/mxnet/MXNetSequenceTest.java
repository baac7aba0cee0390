package dev.d2l.rnn.mxnet;

import dev.d2l.rnn.sequence.SequenceSuite;

class MXNetSequenceTest extends SequenceSuite {

    @Override
    protected String engineName() {
        return "MXNet";
    }
}
