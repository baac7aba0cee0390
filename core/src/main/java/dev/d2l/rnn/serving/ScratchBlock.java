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
 * The scratch RNN as a DJL block, for DJL's model loaders, with {@code RNNModel}'s inputs and
 * outputs: the tokens (batch, steps) in, the step-major logits out; with a state in, also the new
 * state out.
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
        if (inputs.size() > 1) {
            LanguageModel.Output out = model.forward(tokens, inputs.subNDList(1));
            NDList result = new NDList(out.logits());
            result.addAll(out.state());
            return result;
        }
        return new NDList(model.forward(tokens, model.beginState(tokens.getManager(), (int) tokens.getShape().get(0))).logits());
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape tokens = inputShapes[0];
        Shape logits = new Shape(tokens.get(0) * tokens.get(1), model.vocabSize());
        return inputShapes.length == 1 ? new Shape[] {logits} : new Shape[] {logits, new Shape(tokens.get(0), model.numHiddens())};
    }
}
