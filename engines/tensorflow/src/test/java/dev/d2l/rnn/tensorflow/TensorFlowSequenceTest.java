package dev.d2l.rnn.tensorflow;

import dev.d2l.rnn.sequence.SequenceSuite;

class TensorFlowSequenceTest extends SequenceSuite {

    @Override
    protected String engineName() {
        return "TensorFlow";
    }
}
