package dev.d2l.rnn.sequence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LagFeaturesTest {

    private static final float[] X = {10, 11, 12, 13, 14, 15, 16};

    @Test
    void rowIHoldsTheTauValuesBeforeLabelI() {
        float[][] features = LagFeatures.features(X, 3);
        assertEquals(4, features.length);
        assertArrayEquals(new float[] {10, 11, 12}, features[0]);
        assertArrayEquals(new float[] {11, 12, 13}, features[1]);
        assertArrayEquals(new float[] {13, 14, 15}, features[3]);
        assertArrayEquals(new float[] {13, 14, 15, 16}, LagFeatures.labels(X, 3));
    }

    @Test
    void columnIIsTheSeriesShiftedByI() {
        float[][] features = LagFeatures.features(X, 2);
        for (int i = 0; i < 2; i++) {
            for (int row = 0; row < features.length; row++) {
                assertEquals(X[row + i], features[row][i]);
            }
        }
    }

    @Test
    void rejectsATauThatLeavesNoPairs() {
        assertThrows(IllegalArgumentException.class, () -> LagFeatures.features(X, 7));
        assertThrows(IllegalArgumentException.class, () -> LagFeatures.labels(X, 0));
    }
}
