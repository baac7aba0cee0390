package dev.d2l.rnn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.d2l.rnn.model.LanguageModel;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The user's names for the gradient sources, and the trainer's check of a model against BPTT; no engine needed. */
class GradientChoiceTest {

    @Test
    void namesParseInAnyCaseAndTheOldNameExplicitIsBptt() {
        assertEquals(GradientChoice.AUTO, GradientChoice.parse("auto"));
        assertEquals(GradientChoice.AUTOGRAD, GradientChoice.parse(" AutoGrad "));
        assertEquals(GradientChoice.BPTT, GradientChoice.parse("bptt"));
        assertEquals(GradientChoice.BPTT, GradientChoice.parse("explicit"), "old scripts and checkpoints");
        assertEquals("bptt", GradientChoice.parse("EXPLICIT").toString(), "printed and saved under the new name");
        assertEquals("bptt", GradientSource.bptt().name());
    }

    @Test
    void anUnknownNameIsRejectedWithTheAllowedOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GradientChoice.parse("magic"));
        assertEquals("Unknown gradient source 'magic': use auto, autograd, bptt", e.getMessage());
    }

    @Test
    void aTrainerForBpttRefusesAModelWithoutItWhenItIsBuilt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LanguageModelTrainer.builder(new AutogradOnly(), GradientSource.bptt(), new Sgd(1f)));
        assertTrue(e.getMessage().contains(AutogradOnly.class.getName()), e.getMessage());
        assertTrue(e.getMessage().contains("bptt gradient source"), e.getMessage());
        assertTrue(e.getMessage().contains("autograd"), e.getMessage());
    }

    /** A language model with no written-out backward pass. */
    private static final class AutogradOnly implements LanguageModel {
        @Override
        public int vocabSize() {
            return 1;
        }

        @Override
        public NDList beginState(NDManager manager, int batchSize) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Output forward(NDArray tokens, NDList state) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Map<String, NDArray> parameters() {
            return Map.of();
        }
    }
}
