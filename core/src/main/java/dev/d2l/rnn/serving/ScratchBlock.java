package dev.d2l.rnn.serving;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.d2l.rnn.model.LanguageModel;
import dev.d2l.rnn.model.RNNModelScratch;

/**
 * The scratch RNN as a DJL block, for DJL's model loaders: inputs the tokens (batch, steps) and
 * optionally the state, outputs the step-major logits and the new state, as {@code RNNModel}'s.
 */
final class ScratchBlock extends AbstractBlock {

    private final RNNModelScratch model;

    ScratchBlock(RNNModelScratch model) {
        this.model = model;
    }

    RNNModelScratch model() {
        return model;
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray tokens = inputs.head();
        NDList state = inputs.size() > 1 ? inputs.subNDList(1) : model.beginState(tokens.getManager(), (int) tokens.getShape().get(0));
        LanguageModel.Output out = model.forward(tokens, state);
        NDList result = new NDList(out.logits());
        result.addAll(out.state());
        return result;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape tokens = inputShapes[0];
        return new Shape[] {new Shape(tokens.get(0) * tokens.get(1), model.vocabSize()), new Shape(tokens.get(0), model.numHiddens())};
    }
}
