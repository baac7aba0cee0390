package dev.d2l.rnn.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;

/** Overwrites an array's values in place, keeping the array itself (its name, gradient and users). */
public final class InPlace {

    /** Every element of an array of any rank. */
    static final NDIndex ALL = new NDIndex("...");

    private InPlace() {}

    /**
     * Copies {@code values} into {@code target}, bit for bit: through an index where the engine
     * assigns so ({@link Capability#ASSIGN}), else through the host.
     *
     * @throws IllegalArgumentException if the two differ in shape or type
     */
    public static void assign(NDArray target, NDArray values) {
        if (!target.getShape().equals(values.getShape()) || target.getDataType() != values.getDataType()) {
            throw new IllegalArgumentException("Cannot assign " + values.getDataType() + " " + values.getShape()
                    + " values to a " + target.getDataType() + " " + target.getShape() + " array");
        }
        if (Capabilities.of(target.getManager().getEngine()).has(Capability.ASSIGN)) {
            target.set(ALL, values);
        } else {
            target.set(values.toByteBuffer());
        }
    }
}
