package dev.d2l.rnn.engine;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EnginesTest {

    @Test
    void unknownEngineNamesTheAvailableOnes() {
        EngineUnavailableException e = assertThrows(EngineUnavailableException.class, () -> Engines.get("Caffe"));
        assertTrue(e.getMessage().startsWith("Unknown engine 'Caffe'; available: "), e.getMessage());
    }
}
