package dev.d2l.rnn.sequence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The prediction layouts, checked with a stand-in model: "the last lag plus one". */
class ForecastsTest {

    private static final int TAU = 3;
    private static final Function<float[][], float[]> LAST_PLUS_ONE = rows -> {
        float[] out = new float[rows.length];
        for (int r = 0; r < rows.length; r++) {
            assertEquals(TAU, rows[r].length);
            out[r] = rows[r][TAU - 1] + 1;
        }
        return out;
    };

    /** x[i] = i, plus 0.5 at even i: a model fed its own predictions drifts away from it. */
    private static float[] series(int length) {
        float[] x = new float[length];
        for (int i = 0; i < length; i++) {
            x[i] = i + (i % 2 == 0 ? 0.5f : 0f);
        }
        return x;
    }

    @Test
    void oneStepReadsTheObservedLags() {
        float[] x = series(10);
        float[] predicted = Forecasts.oneStep(LAST_PLUS_ONE, x, TAU);
        assertEquals(7, predicted.length);
        for (int i = 0; i < predicted.length; i++) {
            assertEquals(x[i + TAU - 1] + 1, predicted[i]);
        }
    }

    @Test
    void multiStepFeedsItsPredictionsBack() {
        float[] x = series(12);
        float[] predicted = Forecasts.multiStep(LAST_PLUS_ONE, x, TAU, 8);
        assertArrayEquals(new float[] {x[7] + 1, x[7] + 2, x[7] + 3, x[7] + 4}, predicted);
    }

    @Test
    void kStepColumnsHoldObservationsThenOneTwoAndMoreStepPredictions() {
        float[] x = series(20);
        int maxSteps = 5;
        float[][] columns = Forecasts.kStepColumns(LAST_PLUS_ONE, x, TAU, maxSteps);
        int rows = 20 - TAU - maxSteps + 1;
        assertEquals(TAU + maxSteps, columns.length);
        for (int c = 0; c < columns.length; c++) {
            assertEquals(rows, columns[c].length);
            for (int r = 0; r < rows; r++) {
                float expected = c < TAU ? x[c + r] : x[TAU - 1 + r] + (c - TAU + 1);
                assertEquals(expected, columns[c][r], "column " + c + ", row " + r);
            }
        }
    }

    @Test
    void kStepNeedsRoomForAtLeastOneRow() {
        assertThrows(IllegalArgumentException.class, () -> Forecasts.kStepColumns(LAST_PLUS_ONE, series(8), TAU, 6));
    }

    @Test
    void meanSquaredErrorAlignsWithTheOffset() {
        float[] x = {0, 1, 2, 3};
        assertEquals(0.0, Forecasts.meanSquaredError(new float[] {2, 3}, x, 2));
        assertEquals(4.0, Forecasts.meanSquaredError(new float[] {0, 5}, x, 2), 1e-12);
    }
}
