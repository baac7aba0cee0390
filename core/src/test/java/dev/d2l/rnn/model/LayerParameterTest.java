package dev.d2l.rnn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.nn.recurrent.GRU;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The recurrent layer's parameter keys: DJL's names and block order, and the orders the fused paths hand over; no engine needed. */
class LayerParameterTest {

    @Test
    void namesAndOrderAreDjlsBlocks() {
        for (int layers = 1; layers <= 3; layers++) {
            for (boolean bidirectional : new boolean[] {false, true}) {
                GRU djl = GRU.builder().setStateSize(4).setNumLayers(layers).optBidirectional(bidirectional).build();
                List<String> ours = new ArrayList<>();
                List<LayerParameter> keys = LayerParameter.inBlockOrder(layers, bidirectional ? 2 : 1);
                for (int i = 0; i < keys.size(); i++) {
                    ours.add(keys.get(i).name());
                    assertEquals(i, keys.get(i).index(bidirectional ? 2 : 1), keys.get(i).name());
                }
                assertEquals(djl.getParameters().keys(), ours, layers + " layers, bidirectional " + bidirectional);
            }
        }
    }

    @Test
    void fusedPathsTakeTheParametersInTheirEnginesOrders() {
        // Block order, 2 layers x 2 directions: per layer l_W_i2h, l_W_h2h, r_W_i2h, r_W_h2h, then the same biases.
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
                RecurrentPath.FUSED.positions(2, 2));
        assertArrayEquals(new int[] {0, 1, 4, 5, 2, 3, 6, 7, 8, 9, 12, 13, 10, 11, 14, 15},
                RecurrentPath.FUSED_PER_DIRECTION.positions(2, 2), "[W_ih, W_hh, b_ih, b_hh] per layer and direction");
        assertArrayEquals(new int[] {0, 1, 2, 3, 8, 9, 10, 11, 4, 5, 6, 7, 12, 13, 14, 15},
                RecurrentPath.FUSED_WEIGHTS_FIRST.positions(2, 2), "every weight, then every bias");
    }
}
