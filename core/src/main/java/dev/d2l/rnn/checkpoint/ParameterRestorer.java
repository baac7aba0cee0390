package dev.d2l.rnn.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.d2l.rnn.engine.InPlace;
import dev.d2l.rnn.model.LanguageModel;
import dev.d2l.rnn.train.Updater;
import dev.d2l.rnn.train.UpdaterState;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Puts saved arrays back into a live model, updater or state. Every name, data type and shape is
 * checked on the encoded headers ({@link ArrayHeaders}) before anything is decoded or copied, so
 * a model or updater that the checkpoint does not fit is left as it was.
 */
final class ParameterRestorer {

    /** The checkpoint's folder, for messages. */
    private final Path folder;

    ParameterRestorer(Path folder) {
        this.folder = folder;
    }

    /**
     * Copies {@code parameters} (encoded) into {@code model}'s, by name, bit for bit.
     *
     * @throws CheckpointException if the names, shapes or data types differ, or the parameters cannot be decoded
     */
    void restore(byte[] parameters, LanguageModel model) {
        Map<String, NDArray> targets = model.parameters();
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("The model has no parameters to restore");
        }
        Map<String, ArrayHeaders.Header> claimed = new LinkedHashMap<>();
        for (ArrayHeaders.Header header : ArrayHeaders.read(parameters).arrays()) {
            if (claimed.put(header.name(), header) != null) {
                throw CheckpointException.corrupt(folder, "its parameters repeat the name '" + header.name() + "'");
            }
        }
        Set<String> missing = new LinkedHashSet<>(targets.keySet());
        missing.removeAll(claimed.keySet());
        Set<String> unexpected = new LinkedHashSet<>(claimed.keySet());
        unexpected.removeAll(targets.keySet());
        if (!missing.isEmpty() || !unexpected.isEmpty()) {
            throw new CheckpointException("The checkpoint in " + folder + " does not fit the model: it lacks "
                    + missing + " and has " + unexpected + " that the model does not");
        }
        for (Map.Entry<String, NDArray> target : targets.entrySet()) {
            ArrayHeaders.Header source = claimed.get(target.getKey());
            NDArray into = target.getValue();
            if (!source.shape().equals(into.getShape()) || source.dataType() != into.getDataType()) {
                throw new CheckpointException("The checkpoint in " + folder + " does not fit the model: parameter "
                        + target.getKey() + " is " + source.dataType() + " " + source.shape()
                        + " in the checkpoint but " + into.getDataType() + " " + into.getShape() + " in the model");
            }
        }
        try (NDManager scope = targets.values().iterator().next().getManager().newSubManager()) {
            Map<String, NDArray> saved = decode(scope, parameters, "its parameters");
            for (Map.Entry<String, NDArray> target : targets.entrySet()) {
                copy(saved.get(target.getKey()), target.getValue());
            }
        }
    }

    /**
     * Hands {@code saved} to {@code updater}, which checks it against {@code model}'s parameters
     * before it takes anything over.
     *
     * @throws CheckpointException if the state cannot be decoded or does not fit the updater and
     *     the parameters; the updater is left as it was
     */
    void restoreUpdater(SavedUpdater saved, Updater updater, LanguageModel model) {
        Map<String, NDArray> targets = model.parameters();
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("The model has no parameters to restore an updater for");
        }
        if (saved.arrays() != null) {
            checkUpdaterShapes(saved.arrays(), targets);
        }
        try (NDManager scope = targets.values().iterator().next().getManager().newSubManager()) {
            Map<String, NDArray> arrays = saved.arrays() == null ? Map.of() : decode(scope, saved.arrays(), "its updater state");
            try {
                updater.restore(new UpdaterState(saved.name(), arrays, saved.counters()), targets);
            } catch (IllegalArgumentException e) {
                throw new CheckpointException("The updater state in the checkpoint in " + folder + " cannot be restored: "
                        + e.getMessage(), e);
            }
        }
    }

    /**
     * The carried state {@code state} encodes, in its saved order, decoded into {@code manager};
     * empty if {@code state} is null.
     *
     * @throws CheckpointException if the state cannot be decoded
     */
    NDList carriedState(byte[] state, NDManager manager) {
        NDList carried = new NDList();
        if (state != null) {
            decode(manager, state, "its carried state").values().forEach(carried::add);
        }
        return carried;
    }

    /**
     * Every saved updater array must be named after a parameter ({@code name/...}) and have its
     * type and shape; checked on the headers, before anything is decoded.
     */
    private void checkUpdaterShapes(byte[] arrays, Map<String, NDArray> targets) {
        for (ArrayHeaders.Header header : ArrayHeaders.read(arrays).arrays()) {
            int slash = header.name().lastIndexOf('/');
            NDArray parameter = slash > 0 ? targets.get(header.name().substring(0, slash)) : null;
            if (parameter == null || !parameter.getShape().equals(header.shape()) || parameter.getDataType() != header.dataType()) {
                throw new CheckpointException("The updater state in the checkpoint in " + folder + " cannot be restored: its array "
                        + header + " fits no parameter of the model"
                        + (parameter == null ? "" : " (" + header.name().substring(0, slash) + " is " + parameter.getDataType()
                                + " " + parameter.getShape() + ")"));
            }
        }
    }

    private Map<String, NDArray> decode(NDManager scope, byte[] bytes, String what) {
        try {
            return NamedArrays.decode(scope, bytes, what);
        } catch (IllegalArgumentException e) {
            throw CheckpointException.corrupt(folder, e.getMessage());
        }
    }

    /** Copies the values bit for bit; integer and floating-point arrays alike. */
    private static void copy(NDArray source, NDArray target) {
        DataType type = source.getDataType();
        if (type != DataType.FLOAT32 && type != DataType.FLOAT64 && type != DataType.INT32 && type != DataType.INT64) {
            throw new CheckpointException("Parameters of type " + type + " cannot be restored");
        }
        InPlace.assign(target, source);
    }
}
