package dev.d2l.rnn.train;

import ai.djl.ndarray.NDArray;
import ai.djl.training.optimizer.Optimizer;
import java.util.Map;

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

    /** Calls {@code optimizer.update(name, parameter, gradient)} once per parameter. */
    @Override
    public void update(Map<String, NDArray> parameters, Map<String, NDArray> gradients) {
        for (Map.Entry<String, NDArray> entry : parameters.entrySet()) {
            NDArray gradient = gradients.get(entry.getKey());
            if (gradient == null) {
                throw new IllegalArgumentException("No gradient for parameter " + entry.getKey());
            }
            optimizer.update(entry.getKey(), entry.getValue(), gradient);
        }
    }
}
