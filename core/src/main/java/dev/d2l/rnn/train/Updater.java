package dev.d2l.rnn.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

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
     * Sets the learning rate of the next updates (a {@link LearningRateSchedule}'s).
     *
     * @throws IllegalArgumentException unless the rate is positive and finite
     * @throws UnsupportedOperationException if this updater's rate is fixed (this default)
     */
    default void setLearningRate(float learningRate) {
        throw new UnsupportedOperationException(getClass().getName() + " has a fixed learning rate");
    }

    /**
     * The state this updater carries between steps, for a checkpoint. Its arrays are the
     * updater's own: read them before the next update and do not change them.
     *
     * @throws UnsupportedOperationException if the updater cannot read its state out (this
     *     default; DJL's optimizers keep theirs private)
     */
    default UpdaterState state() {
        throw new UnsupportedOperationException(getClass().getName() + " cannot read out its state to be saved");
    }

    /**
     * Continues from {@code state}, saved by an updater of the same algorithm for the same
     * parameters. The state's arrays are copied and stay the caller's.
     *
     * @param parameters the parameters the state is for, by name; their shapes are checked
     * @throws IllegalArgumentException naming what does not fit (another algorithm, a parameter
     *     missing or unknown, a shape or count that is wrong); the updater is left as it was
     * @throws UnsupportedOperationException if the updater cannot take a state in (this default)
     */
    default void restore(UpdaterState state, Map<String, NDArray> parameters) {
        throw new UnsupportedOperationException(getClass().getName() + " cannot restore a saved state");
    }

    /**
     * d2l's SGD at {@code learningRate} (until {@link #setLearningRate}): the portable {@link Sgd}
     * on every engine, which keeps no state, so a checkpoint holds SGD's empty one. (DJL's {@code
     * Optimizer.sgd()}, wrapped by {@link OptimizerUpdater}, gives the same numbers bit for bit,
     * but makes five passes over each gradient where {@code Sgd} makes two; examples/README.md,
     * "Word level".)
     */
    static Updater sgd(float learningRate) {
        return new Sgd(learningRate);
    }

    /**
     * Adam at {@code learningRate} (until {@link #setLearningRate}), with PyTorch's formula and defaults: the portable
     * {@link Adam}, moments kept in {@code stateManager}, on every engine. Not DJL's
     * {@code Optimizer.adam()}: that one keeps its moments private, so no checkpoint can hold
     * them, and adds epsilon before the bias correction (MXNet's formula), which changes the
     * training where gradients are tiny; it was no faster in the training loop here.
     */
    static Updater adam(NDManager stateManager, float learningRate) {
        return new Adam(stateManager, learningRate);
    }

    /** The updaters a run can name, as {@code d2l train --optimizer} and checkpoints name them. */
    enum Kind {
        /** {@link Updater#sgd}. */
        SGD,
        /** {@link Updater#adam}. */
        ADAM;

        /**
         * The kind called {@code name}, in any case.
         *
         * @throws IllegalArgumentException naming the value and the allowed ones
         */
        public static Kind parse(String name) {
            for (Kind kind : values()) {
                if (kind.name().equalsIgnoreCase(name == null ? "" : name.trim())) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("Unknown optimizer '" + name + "': use "
                    + Arrays.stream(values()).map(Kind::toString).collect(Collectors.joining(", ")));
        }

        /** A new updater of this kind at {@code learningRate}; Adam's moments live in {@code stateManager}. */
        public Updater create(NDManager stateManager, float learningRate) {
            return this == SGD ? sgd(learningRate) : adam(stateManager, learningRate);
        }

        /** The name as the commands take it: {@code sgd}, {@code adam}. */
        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
