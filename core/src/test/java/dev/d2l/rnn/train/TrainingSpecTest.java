package dev.d2l.rnn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TrainingSpecTest {

    @Test
    void theDefaultsAreTrainCh8s() {
        assertEquals(new TrainingSpec(Updater.Kind.SGD, 1f, 1f, GradientChoice.AUTO, true), TrainingSpec.builder().build());
    }

    @Test
    void badValuesAreNamed() {
        assertEquals("Learning rate must be positive and finite, got 0.0", assertThrows(IllegalArgumentException.class,
                () -> TrainingSpec.builder().learningRate(0).build()).getMessage());
        assertEquals("Learning rate must be positive and finite, got Infinity", assertThrows(IllegalArgumentException.class,
                () -> TrainingSpec.builder().learningRate(Float.POSITIVE_INFINITY).build()).getMessage());
        assertEquals("The clipping threshold must be zero (off) or positive, got NaN", assertThrows(IllegalArgumentException.class,
                () -> TrainingSpec.builder().clip(Float.NaN).build()).getMessage());
        assertEquals("Training needs an updater and a gradient choice", assertThrows(IllegalArgumentException.class,
                () -> TrainingSpec.builder().gradients(null).build()).getMessage());
    }

    @Test
    void choicesParseTheirNamesInAnyCaseAndNameTheAllowedOnes() {
        assertEquals(GradientChoice.BPTT, GradientChoice.parse(" Bptt"));
        assertEquals(GradientChoice.BPTT, GradientChoice.parse(" Explicit"));
        assertEquals("autograd", GradientChoice.AUTOGRAD.toString());
        assertEquals("Unknown gradient source 'magic': use auto, autograd, bptt",
                assertThrows(IllegalArgumentException.class, () -> GradientChoice.parse("magic")).getMessage());
        assertEquals(Updater.Kind.ADAM, Updater.Kind.parse("ADAM"));
        assertEquals("sgd", Updater.Kind.SGD.toString());
        assertEquals("Unknown optimizer 'rmsprop': use sgd, adam",
                assertThrows(IllegalArgumentException.class, () -> Updater.Kind.parse("rmsprop")).getMessage());
        assertEquals("Unknown optimizer 'null': use sgd, adam",
                assertThrows(IllegalArgumentException.class, () -> Updater.Kind.parse(null)).getMessage());
    }
}
