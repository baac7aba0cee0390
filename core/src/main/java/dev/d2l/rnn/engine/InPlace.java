package dev.d2l.rnn.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;

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

    /**
     * Adds {@code addend} to {@code target[i, columns[i]]} for every row i, in place, leaving the
     * other elements as they are.
     *
     * @param target (rows, columns) floating-point
     * @param columns (rows) integer column indices
     * @throws IllegalArgumentException if the shapes do not fit
     * @throws MissingCapabilityException on an engine without {@link Capability#ASSIGN_PICKED}
     */
    public static void addToPicked(NDArray target, NDArray columns, float addend) {
        if (target.getShape().dimension() != 2 || columns.getShape().dimension() != 1
                || columns.getShape().get(0) != target.getShape().get(0) || !columns.getDataType().isInteger()) {
            throw new IllegalArgumentException("Cannot add to one element per row of a " + target.getShape()
                    + " array by " + columns.getDataType() + " " + columns.getShape() + " column indices");
        }
        Capabilities.of(target.getManager().getEngine()).require(Capability.ASSIGN_PICKED,
                "subtract the one-hot rows instead");
        addToPickedUnchecked(target, columns, addend);
    }

    /** {@link #addToPicked} without its checks, for the probe that measures it. */
    static void addToPickedUnchecked(NDArray target, NDArray columns, float addend) {
        NDArray rows = target.getManager().arange(0, Math.toIntExact(target.getShape().get(0)), 1, DataType.INT64);
        NDIndex picked = new NDIndex("{}, {}", rows, columns.toType(DataType.INT64, false));
        target.set(picked, target.get(picked).add(addend));
    }
}
