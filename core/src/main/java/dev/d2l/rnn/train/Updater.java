package dev.d2l.rnn.train;

import ai.djl.ndarray.NDArray;
import java.util.Map;

/** Applies gradients to parameters, in place. */
public interface Updater {

    /**
     * Updates every parameter with its gradient.
     *
     * @param parameters the parameters by name, updated in place
     * @param gradients a gradient for each of them, by the same names
     */
    void update(Map<String, NDArray> parameters, Map<String, NDArray> gradients);
}
