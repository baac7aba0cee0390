package dev.d2l.rnn.testing;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.d2l.rnn.model.BpttModel;
import dev.d2l.rnn.model.CrossEntropy;
import dev.d2l.rnn.model.Step;
import java.util.Map;

/** A model that forwards everything to another; tests override what they observe, rename or break. */
public class DelegatingModel implements BpttModel {

    private final BpttModel net;

    public DelegatingModel(BpttModel net) {
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
    public Step<NDList> bptt(NDArray tokens, NDArray labels, NDList state) {
        Step<NDList> step = net.bptt(tokens, labels, state);
        // Sees what forward would: the state passed in and the logits' effect on the loss.
        Output seen = forward(tokens, state);
        NDArray loss = CrossEntropy.mean(seen.logits(), CrossEntropy.stepMajor(labels));
        return new Step<>(loss, step.gradients(), step.output());
    }

    @Override
    public boolean prefersAutograd(Engine engine) {
        return net.prefersAutograd(engine);
    }
}
