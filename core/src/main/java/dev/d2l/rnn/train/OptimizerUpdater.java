package dev.d2l.rnn.train;

import ai.djl.ndarray.NDArray;
import ai.djl.training.optimizer.Optimizer;
import java.util.Map;

/**
 * Any DJL {@link Optimizer} (SGD, Adam, ...) as an {@link Updater}, used outside a DJL
 * {@code Trainer}. The parameter's name serves as DJL's parameter id, which keys the optimizer's
 * state, which DJL keeps outside every NDManager (the garbage collector frees it) and private:
 * that state cannot be saved, so {@link #state()} and {@link #restore} throw, and the learning
 * rate is the optimizer's tracker's. DJL's Adam needs a fused native op that TensorFlow lacks
 * ({@code UnsupportedOperationException}); the portable {@link Adam} and {@link Sgd} run
 * everywhere.
 */
public final class OptimizerUpdater implements Updater {

    private final Optimizer optimizer;

    /** Wraps {@code optimizer}, which must not be shared with another model. */
    public OptimizerUpdater(Optimizer optimizer) {
        this.optimizer = optimizer;
    }

    /** @throws UnsupportedOperationException always: the rate is the wrapped optimizer's tracker's */
    @Override
    public void setLearningRate(float learningRate) {
        throw new UnsupportedOperationException("The learning rate of a wrapped DJL " + optimizer.getClass().getSimpleName()
                + " is its tracker's");
    }

    /** Calls {@code optimizer.update(name, parameter, gradient)}. */
    @Override
    public void update(String name, NDArray parameter, NDArray gradient) {
        optimizer.update(name, parameter, gradient);
    }

    /** @throws UnsupportedOperationException always: DJL keeps an optimizer's state private */
    @Override
    public UpdaterState state() {
        throw unsaved();
    }

    /** @throws UnsupportedOperationException always: DJL keeps an optimizer's state private */
    @Override
    public void restore(UpdaterState state, Map<String, NDArray> parameters) {
        throw unsaved();
    }

    private UnsupportedOperationException unsaved() {
        return new UnsupportedOperationException("DJL's " + optimizer.getClass().getSimpleName()
                + " keeps its state private, so it cannot be saved or restored; the portable Adam and Sgd can");
    }
}
