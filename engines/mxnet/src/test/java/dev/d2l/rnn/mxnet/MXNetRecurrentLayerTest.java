package dev.d2l.rnn.mxnet;

import dev.d2l.rnn.model.RecurrentCell;
import dev.d2l.rnn.model.RecurrentLayerSuite;
import dev.d2l.rnn.model.RecurrentPath;

class MXNetRecurrentLayerTest extends RecurrentLayerSuite {

    @Override
    protected String engineName() {
        return "MXNet";
    }

    /** Two or more layers: DJL's order is wrong; MXNet's own (every weight, then every bias) is right. */
    @Override
    protected RecurrentPath expectedPath(RecurrentCell cell, int layers, boolean bidirectional) {
        return layers == 1 ? RecurrentPath.FUSED : RecurrentPath.FUSED_WEIGHTS_FIRST;
    }
}
