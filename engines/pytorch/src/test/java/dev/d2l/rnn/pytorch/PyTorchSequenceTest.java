package dev.d2l.rnn.pytorch;

import dev.d2l.rnn.sequence.SequenceSuite;

class PyTorchSequenceTest extends SequenceSuite {

    @Override
    protected String engineName() {
        return "PyTorch";
    }
}
