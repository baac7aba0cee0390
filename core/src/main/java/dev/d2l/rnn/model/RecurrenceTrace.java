package dev.d2l.rnn.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;

/**
 * What the portable forward pass computed, kept for a backward pass: the layer's outputs and
 * final state, and per layer and direction its input and every step's states and gates.
 */
final class RecurrenceTrace {

    private final NDList result;
    private final Direction[][] directions;
    private final NDList between;

    RecurrenceTrace(NDList result, Direction[][] directions, NDList between) {
        this.result = result;
        this.directions = directions;
        this.between = between;
    }

    /** The dropout mask on layer {@code layer}'s output, (steps, batch, features), or null. */
    NDArray between(int layer) {
        return between == null ? null : between.get(layer);
    }

    /** The last layer's output (steps, batch, directions * hidden), then the final state arrays. */
    NDList result() {
        return result;
    }

    Direction direction(int layer, int direction) {
        return directions[layer][direction];
    }

    /**
     * One direction of one layer over every step. Arrays are indexed by time step, whichever
     * way the direction runs; step t's previous state is step t - 1's going forward and step
     * t + 1's going backward.
     */
    static final class Direction {

        /** The layer's input, (steps * batch, features), rows step-major. */
        final NDArray input;
        final boolean reverse;
        final NDArray initialH;
        final NDArray initialC;
        final NDArray[] h;
        /** LSTM only. */
        final NDArray[] c;
        /**
         * Per step, the activated gates the backward pass needs: none for RNN; GRU {@code r, z,
         * n} and {@code W_hn h + b_hn}; LSTM {@code i, f, g, o} and {@code tanh(c)}.
         */
        final NDArray[][] gates;
        /** Built on first use; the backward pass reads them more than once. */
        private NDArray output;
        private NDArray previousH;

        Direction(NDArray input, boolean reverse, NDArray initialH, NDArray initialC, int steps) {
            this.input = input;
            this.reverse = reverse;
            this.initialH = initialH;
            this.initialC = initialC;
            this.h = new NDArray[steps];
            this.c = initialC == null ? null : new NDArray[steps];
            this.gates = new NDArray[steps][];
        }

        int steps() {
            return h.length;
        }

        /** The time step processed {@code i}-th. */
        int time(int i) {
            return reverse ? steps() - 1 - i : i;
        }

        /** The hidden state after the last step processed. */
        NDArray lastH() {
            return h[time(steps() - 1)];
        }

        NDArray lastC() {
            return c[time(steps() - 1)];
        }

        /** The outputs of every step, (steps, batch, hidden). */
        NDArray output() {
            if (output == null) {
                output = NDArrays.stack(new NDList(h), 0);
            }
            return output;
        }

        /** Every step's {@code h}, (steps * batch, hidden): the output's rows, not another copy. */
        NDArray allH() {
            Shape shape = output().getShape();
            return output.reshape(shape.get(0) * shape.get(1), shape.get(2));
        }

        /** Every step's previous {@code h}, (steps * batch, hidden). */
        NDArray previousH() {
            if (previousH == null) {
                previousH = previous(h, initialH);
            }
            return previousH;
        }

        NDArray previousC() {
            return previous(c, initialC);
        }

        /** Gate {@code k} of every step, (steps * batch, hidden). */
        NDArray allGates(int k) {
            NDList list = new NDList(steps());
            for (NDArray[] step : gates) {
                list.add(step[k]);
            }
            return NDArrays.concat(list);
        }

        private NDArray previous(NDArray[] states, NDArray initial) {
            int steps = steps();
            NDList list = new NDList(steps);
            for (int t = 0; t < steps; t++) {
                int before = reverse ? t + 1 : t - 1;
                list.add(before < 0 || before >= steps ? initial : states[before]);
            }
            return NDArrays.concat(list);
        }
    }
}
