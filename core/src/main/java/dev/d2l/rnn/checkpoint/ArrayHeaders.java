package dev.d2l.rnn.checkpoint;

import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The names, data types and shapes that an encoded {@code NDList} claims, read from its bytes
 * alone, before any engine allocates anything. Only the layout {@code NDList.encode()} writes is
 * accepted (DJL's decoder would also take zip, npy and safetensors bytes), and every array's data
 * length must be what its shape and type call for, with nothing left over; so bytes that pass can
 * be handed to {@code NDList.decode} knowing how much it will allocate.
 */
record ArrayHeaders(List<Header> arrays) {

    /** More arrays than any model here has parameters and optimizer moments. */
    static final int MAX_ARRAYS = 10_000;
    private static final int MAX_RANK = 8;
    private static final Map<String, Integer> BYTES_PER_ELEMENT = Map.of(
            DataType.FLOAT32.name(), 4, DataType.FLOAT64.name(), 8, DataType.INT32.name(), 4, DataType.INT64.name(), 8);

    /** One array as the bytes describe it. */
    record Header(String name, DataType dataType, Shape shape) {

        @Override
        public String toString() {
            return name + " " + dataType + " " + shape;
        }
    }

    /**
     * @throws IllegalArgumentException saying where the bytes stop being an {@code NDList} of
     *     named dense float or int arrays
     */
    static ArrayHeaders read(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        try {
            int count = in.getInt();
            if (count < 1 || count > MAX_ARRAYS) {
                throw new IllegalArgumentException("it claims " + count + " arrays (1 to " + MAX_ARRAYS + " expected)");
            }
            List<Header> arrays = new ArrayList<>(Math.min(count, 64));
            for (int i = 0; i < count; i++) {
                arrays.add(readArray(in, i));
            }
            if (in.hasRemaining()) {
                throw new IllegalArgumentException(in.remaining() + " bytes follow the last of its " + count + " arrays");
            }
            return new ArrayHeaders(List.copyOf(arrays));
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("it ends early, inside the header of an array (" + bytes.length + " bytes in all)");
        }
    }

    private static Header readArray(ByteBuffer in, int index) {
        String where = "array " + (index + 1);
        if (!"NDAR".equals(utf(in)) || in.getInt() != 3) {
            throw new IllegalArgumentException(where + " does not start as DJL's version 3 encoding");
        }
        byte named = in.get();
        if (named != 1) {
            throw new IllegalArgumentException(where + " has no name");
        }
        String name = utf(in);
        where = "array '" + name + "'";
        if (!"DENSE".equals(utf(in))) {
            throw new IllegalArgumentException(where + " is not dense");
        }
        String type = utf(in);
        Integer width = BYTES_PER_ELEMENT.get(type);
        if (width == null) {
            throw new IllegalArgumentException(where + " has data type '" + type + "' (float32, float64, int32 or int64 expected)");
        }
        int rank = in.getInt();
        if (rank < 0 || rank > MAX_RANK) {
            throw new IllegalArgumentException(where + " claims " + rank + " dimensions");
        }
        long[] dims = new long[rank];
        long elements = 1;
        for (int d = 0; d < rank; d++) {
            dims[d] = in.getLong();
            if (dims[d] < 0 || (dims[d] > 0 && elements > Integer.MAX_VALUE / dims[d])) {
                throw new IllegalArgumentException(where + " claims a shape no array can have: dimension " + d + " is " + dims[d]);
            }
            elements *= dims[d];
        }
        int layouts = in.getInt();
        if (layouts != 0 && layouts != rank) {
            throw new IllegalArgumentException(where + " has " + layouts + " layout marks for " + rank + " dimensions");
        }
        in.position(in.position() + 2 * layouts);
        byte order = in.get();
        if (order != '<' && order != '>') {
            throw new IllegalArgumentException(where + " has no byte order mark");
        }
        int length = in.getInt();
        if (length != elements * width) {
            throw new IllegalArgumentException(where + " of shape " + new Shape(dims) + " holds " + length + " bytes of data, not "
                    + elements * width);
        }
        if (length > in.remaining()) {
            throw new IllegalArgumentException(where + " of shape " + new Shape(dims) + " is cut short: " + length + " bytes of data claimed, " + in.remaining()
                    + " left");
        }
        in.position(in.position() + length);
        return new Header(name, DataType.valueOf(type), new Shape(dims));
    }

    /** {@code DataInput.readUTF}'s layout: a 2-byte length, then (modified) UTF-8. */
    private static String utf(ByteBuffer in) {
        int length = Short.toUnsignedInt(in.getShort());
        byte[] text = new byte[Math.min(length, in.remaining() + 1)];
        in.get(text);
        return new String(text, StandardCharsets.UTF_8);
    }
}
