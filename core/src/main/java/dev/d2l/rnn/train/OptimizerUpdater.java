package dev.d2l.rnn.train;

import ai.djl.ndarray.NDArray;
import ai.djl.training.optimizer.Optimizer;

/**
 * Any DJL {@link Optimizer} (SGD, Adam, ...) as an {@link Updater}, used outside a DJL
 * {@code Trainer}. The parameter's name serves as DJL's parameter id, which keys the optimizer's
 * state, which DJL keeps outside every NDManager (the garbage collector frees it). DJL's Adam
 * needs a fused native op that TensorFlow lacks ({@code UnsupportedOperationException}); the
 * portable {@link Adam} runs everywhere.
 */
public final class OptimizerUpdater implements Updater {

    private final Optimizer optimizer;

    /** Wraps {@code optimizer}, which must not be shared with another model. */
    public OptimizerUpdater(Optimizer optimizer) {
        this.optimizer = optimizer;
    }

    /** Calls {@code optimizer.update(name, parameter, gradient)}. */
    @Override
    public void update(String name, NDArray parameter, NDArray gradient) {
        optimizer.update(name, parameter, gradient);
    }
}
