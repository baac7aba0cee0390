package dev.d2l.rnn.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.d2l.rnn.engine.Capabilities;
import dev.d2l.rnn.engine.Capability;
import java.util.Map;

/** Applies gradients to parameters, in place. */
public interface Updater {

    /**
     * Updates one parameter, in place.
     *
     * @param name the parameter's name, which keys any per-parameter state
     */
    void update(String name, NDArray parameter, NDArray gradient);

    /**
     * Updates every parameter with its gradient.
     *
     * @param parameters the parameters by name, updated in place
     * @param gradients a gradient for each of them, by the same names
     * @throws IllegalArgumentException naming a parameter that has no gradient
     */
    default void update(Map<String, NDArray> parameters, Map<String, NDArray> gradients) {
        for (Map.Entry<String, NDArray> entry : parameters.entrySet()) {
            NDArray gradient = gradients.get(entry.getKey());
            if (gradient == null) {
                throw new IllegalArgumentException("No gradient for parameter " + entry.getKey());
            }
            update(entry.getKey(), entry.getValue(), gradient);
        }
    }

    /**
     * d2l's SGD with a fixed learning rate: DJL's {@code Optimizer.sgd()} where the engine runs
     * DJL's optimizer updates, the same math in plain NDArray operations elsewhere.
     */
    static Updater sgd(Engine engine, float learningRate) {
        return Capabilities.of(engine).has(Capability.OPTIMIZER_UPDATES)
                ? new OptimizerUpdater(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(learningRate)).build())
                : new Sgd(learningRate);
    }

    /**
     * Adam with a fixed learning rate and PyTorch's defaults: DJL's {@code Optimizer.adam()}
     * where the engine runs DJL's optimizer updates, the portable {@link Adam} (moments kept in
     * {@code stateManager}) elsewhere. Both compute the same numbers.
     */
    static Updater adam(Engine engine, NDManager stateManager, float learningRate) {
        return Capabilities.of(engine).has(Capability.OPTIMIZER_UPDATES)
                ? new OptimizerUpdater(Optimizer.adam().optLearningRateTracker(Tracker.fixed(learningRate)).build())
                : new Adam(stateManager, learningRate);
    }
}
