package dev.d2l.rnn.sequence;

/**
 * One curve of a figure: values over time steps, and its legend entry.
 *
 * @param label the legend entry, as d2l writes it ("data", "1-step preds", ...)
 * @param time the time step of each value (1-based, as d2l plots them)
 * @param values the values, as many as time steps
 */
public record Series(String label, float[] time, float[] values) {

    /** @throws IllegalArgumentException if time and values differ in length */
    public Series {
        if (time.length != values.length) {
            throw new IllegalArgumentException(label + ": " + time.length + " time steps but " + values.length + " values");
        }
    }

    /** The curve of {@code values}, the first of which belongs to time step {@code firstTime}. */
    public static Series from(String label, int firstTime, float[] values) {
        float[] time = new float[values.length];
        for (int i = 0; i < time.length; i++) {
            time[i] = firstTime + i;
        }
        return new Series(label, time, values);
    }
}
