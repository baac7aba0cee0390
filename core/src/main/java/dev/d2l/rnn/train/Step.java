package dev.d2l.rnn.train;

import ai.djl.ndarray.NDArray;
import java.util.Map;

/**
 * The result of differentiating one minibatch's objective.
 *
 * @param loss the loss, read back to the host once
 * @param gradients one gradient per parameter, by the parameter's name
 * @param output the objective's side output (for example the new recurrent state)
 */
public record Step<O>(float loss, Map<String, NDArray> gradients, O output) {}
