package dev.d2l.rnn.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Arrays by name as bytes: DJL's {@code NDList} encoding, each array carrying its name, which
 * every engine reads back bit for bit.
 */
final class NamedArrays {

    private NamedArrays() {}

    /** The arrays, each under its key; the arrays' own names (whatever the engine gave them) are not used. */
    static byte[] encode(Map<String, NDArray> arrays) {
        try (NDManager scope = arrays.values().iterator().next().getManager().newSubManager()) {
            NDList named = new NDList(arrays.size());
            for (Map.Entry<String, NDArray> array : arrays.entrySet()) {
                NDArray copy = array.getValue().duplicate();
                copy.attach(scope);
                copy.setName(array.getKey());
                named.add(copy);
            }
            return named.encode();
        }
    }

    /**
     * The arrays of {@code bytes} by their names, decoded into {@code scope}.
     *
     * @param what what the arrays are, for messages ("its parameters")
     * @throws IllegalArgumentException if the bytes cannot be decoded, or an array has no name or repeats one
     */
    static Map<String, NDArray> decode(NDManager scope, byte[] bytes, String what) {
        NDList decoded;
        try {
            decoded = NDList.decode(scope, bytes);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(what + " cannot be decoded: " + e.getMessage(), e);
        }
        Map<String, NDArray> named = new LinkedHashMap<>();
        for (NDArray array : decoded) {
            if (array.getName() == null || named.put(array.getName(), array) != null) {
                throw new IllegalArgumentException("an array of " + what + " has no name or repeats one: '" + array.getName() + "'");
            }
        }
        return named;
    }
}
