package dev.d2l.rnn.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.d2l.rnn.model.RecurrentCell;
import org.junit.jupiter.api.Test;

/** The products {@link ProductBound} times are the model's, counted by hand. */
class ProductBoundTest {

    @Test
    void wordLanguageModelsLstmCostsItsHeadAndItsLayersPerToken() {
        // Per token: the 4,580-wide head 3 x 2 x 200 x 4,580; per layer the input projection's three
        // products 3 x 2 x 200 x 800, and the recurrence's three, 3 x 2 x 200 x 800; 9.34 MFLOP in all.
        double head = 3 * 2.0 * 200 * 4580;
        double layer = 3 * 2.0 * 200 * 800 + 3 * 2.0 * 200 * 800;
        ProductBound bound = new ProductBound(RecurrentCell.LSTM, 200, 2, 200, true, 4580, 20, 35);
        assertEquals(head + 2 * layer, bound.flopsPerToken(), 1e-6);
        assertEquals(9.34e6, bound.flopsPerToken(), 0.01e6);
    }

    @Test
    void aOneHotInputCountsAsItsDenseProductWithoutAnInputGradient() {
        double head = 3 * 2.0 * 256 * 4580;
        double input = 2 * 2.0 * 4580 * 256;
        double recurrence = 3 * 2.0 * 256 * 256;
        ProductBound bound = new ProductBound(RecurrentCell.RNN_TANH, 256, 1, 4580, false, 4580, 32, 35);
        assertEquals(head + input + recurrence, bound.flopsPerToken(), 1e-6);
    }
}
