package dev.d2l.rnn.sequence;

import java.util.Arrays;
import java.util.function.Function;

/**
 * The three ways d2l 8.1 predicts with a trained autoregressive model, in plain Java over any
 * model that maps lag rows (n, tau) to predictions (n).
 */
public final class Forecasts {

    private Forecasts() {}

    /** The prediction for every {@code x[t]} with {@code t >= tau} from the observed {@code x[t - tau .. t - 1]}. */
    public static float[] oneStep(Function<float[][], float[]> model, float[] x, int tau) {
        return model.apply(LagFeatures.features(x, tau));
    }

    /**
     * Observes {@code x[0 .. observed - 1]} only and predicts the rest, each prediction fed back
     * as an input to the next one.
     *
     * @return the predictions for {@code x[observed .. x.length - 1]}
     */
    public static float[] multiStep(Function<float[][], float[]> model, float[] x, int tau, int observed) {
        float[] series = Arrays.copyOf(x, x.length);
        for (int t = observed; t < x.length; t++) {
            series[t] = model.apply(new float[][] {Arrays.copyOfRange(series, t - tau, t)})[0];
        }
        return Arrays.copyOfRange(series, observed, x.length);
    }

    /**
     * d2l's k-step feature matrix, column by column: {@code x.length - tau - maxSteps + 1} rows;
     * column {@code c < tau} holds the observations {@code x[c + r]}, column {@code c >= tau} the
     * {@code (c - tau + 1)}-step predictions of {@code x[c + r]} made from the {@code tau} columns
     * before it.
     */
    public static float[][] kStepColumns(Function<float[][], float[]> model, float[] x, int tau, int maxSteps) {
        int rows = x.length - tau - maxSteps + 1;
        if (rows < 1) {
            throw new IllegalArgumentException("A series of " + x.length + " is too short for tau " + tau
                    + " and " + maxSteps + " steps");
        }
        float[][] columns = new float[tau + maxSteps][];
        for (int c = 0; c < tau; c++) {
            columns[c] = Arrays.copyOfRange(x, c, c + rows);
        }
        for (int c = tau; c < tau + maxSteps; c++) {
            float[][] lags = new float[rows][tau];
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < tau; j++) {
                    lags[r][j] = columns[c - tau + j][r];
                }
            }
            columns[c] = model.apply(lags);
        }
        return columns;
    }

    /** The mean squared difference between {@code predicted} and {@code x[offset ..]}. */
    public static double meanSquaredError(float[] predicted, float[] x, int offset) {
        double sum = 0;
        for (int i = 0; i < predicted.length; i++) {
            double d = predicted[i] - x[offset + i];
            sum += d * d;
        }
        return sum / predicted.length;
    }
}
