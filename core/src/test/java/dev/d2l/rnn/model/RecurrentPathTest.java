package dev.d2l.rnn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class RecurrentPathTest {

    @Test
    void parameterOrdersCoincideWhereTheGeometryMakesThemEqual() {
        assertEquals(List.of(RecurrentPath.FUSED), RecurrentPath.distinctFused(1, false));
        // One layer, two directions: DJL's order already puts all weights first.
        assertEquals(List.of(RecurrentPath.FUSED, RecurrentPath.FUSED_PER_DIRECTION), RecurrentPath.distinctFused(1, true));
        // Several layers, one direction: DJL's order already is [W_ih, W_hh, b_ih, b_hh] per layer.
        assertEquals(List.of(RecurrentPath.FUSED, RecurrentPath.FUSED_WEIGHTS_FIRST), RecurrentPath.distinctFused(3, false));
        assertEquals(List.of(RecurrentPath.FUSED, RecurrentPath.FUSED_PER_DIRECTION, RecurrentPath.FUSED_WEIGHTS_FIRST),
                RecurrentPath.distinctFused(2, true));
    }
}
