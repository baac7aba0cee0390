package dev.d2l.rnn.testing;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.d2l.rnn.model.CrossEntropy;
import dev.d2l.rnn.model.LanguageModel;
import java.util.Map;

/** A model that forwards everything to another; tests override what they observe, rename or break. */
public class DelegatingModel implements LanguageModel {

    private final LanguageModel net;

    public DelegatingModel(LanguageModel net) {
        this.net = net;
    }

    @Override
    public int vocabSize() {
        return net.vocabSize();
    }

    @Override
    public NDList beginState(NDManager manager, int batchSize) {
        return net.beginState(manager, batchSize);
    }

    @Override
    public Output forward(NDArray tokens, NDList state) {
        return net.forward(tokens, state);
    }

    @Override
    public Map<String, NDArray> parameters() {
        return net.parameters();
    }

    @Override
    public Backward backward(NDArray tokens, NDArray labels, NDList state) {
        Backward backward = net.backward(tokens, labels, state);
        if (backward == null) {
            return null;
        }
        // Sees what forward would: the state passed in and the logits' effect on the loss.
        Output seen = forward(tokens, state);
        NDArray loss = CrossEntropy.mean(seen.logits(), CrossEntropy.stepMajor(labels));
        return new Backward(loss, backward.gradients(), backward.state());
    }
}
