package dev.d2l.rnn.train;

import ai.djl.ndarray.NDArray;
import java.util.Map;

/** d2l's plain minibatch SGD: {@code param -= lr * grad} (the loss is already a mean). It keeps no state. */
public final class Sgd implements Updater {

    /** The name of its (empty) {@link UpdaterState}. */
    public static final String NAME = "sgd";

    private float learningRate;

    /** @throws IllegalArgumentException if the learning rate is not positive and finite */
    public Sgd(float learningRate) {
        this.learningRate = checkRate(learningRate);
    }

    static float checkRate(float learningRate) {
        if (!(learningRate > 0) || Float.isInfinite(learningRate)) {
            throw new IllegalArgumentException("Learning rate must be positive and finite, got " + learningRate);
        }
        return learningRate;
    }

    @Override
    public void setLearningRate(float learningRate) {
        this.learningRate = checkRate(learningRate);
    }

    @Override
    public void update(String name, NDArray parameter, NDArray gradient) {
        parameter.subi(gradient.mul(learningRate));
    }

    @Override
    public UpdaterState state() {
        return UpdaterState.empty(NAME);
    }

    @Override
    public void restore(UpdaterState state, Map<String, NDArray> parameters) {
        state.requireEmpty(NAME);
    }
}
