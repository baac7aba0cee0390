package dev.d2l.rnn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.d2l.rnn.data.TokenType;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelSpecTest {

    @Test
    void theDefaultsAreD2lsScratchRnn() {
        ModelSpec spec = ModelSpec.builder().build();
        assertEquals(new ModelSpec(ModelSpec.Kind.SCRATCH, RNNModelScratch.Activation.TANH, 512, 1, 1, TokenType.CHAR, 42), spec);
        assertEquals(Map.of("model", "scratch", "activation", "tanh", "hidden", "512", "layers", "1", "directions", "1",
                "tokens", "char", "seed", "42", "embedding", "0", "dropout", "0.0", "tie", "false"), spec.settings());
    }

    @Test
    void embeddingDropoutAndTieRoundTripAndAreCheckedAgainstTheModel() {
        ModelSpec spec = ModelSpec.builder().kind(ModelSpec.Kind.LSTM).hidden(16).embedding(16).dropout(0.2).tie(true).build();
        assertEquals(spec, ModelSpec.fromSettings(spec.settings()));
        IllegalArgumentException scratch = assertThrows(IllegalArgumentException.class,
                () -> ModelSpec.builder().embedding(8).build());
        assertTrue(scratch.getMessage().contains("concise models"), scratch.getMessage());
        IllegalArgumentException tie = assertThrows(IllegalArgumentException.class,
                () -> ModelSpec.builder().kind(ModelSpec.Kind.GRU).hidden(16).embedding(8).tie(true).build());
        assertTrue(tie.getMessage().contains("8 and 16"), tie.getMessage());
    }

    @Test
    void settingsRoundTripAndLeaveOtherKeysAlone() {
        ModelSpec spec = ModelSpec.builder().kind(ModelSpec.Kind.LSTM).hidden(256).layers(2).directions(2)
                .tokens(TokenType.WORD).seed(7).build();
        Map<String, String> settings = new LinkedHashMap<>(spec.settings());
        settings.put("lr", "0.5");
        settings.put("dataset", "timemachine");
        assertEquals(spec, ModelSpec.fromSettings(settings));
        assertEquals(spec, spec.toBuilder().build());
        assertEquals(ModelSpec.builder().kind(ModelSpec.Kind.GRU).build(), ModelSpec.fromSettings(Map.of("model", "GRU")));
    }

    @Test
    void keysAnOlderCheckpointLacksKeepTheirDefaults() {
        // What d2l train wrote before directions existed, and what an embedder saved with a single setting.
        Map<String, String> old = Map.of("model", "rnn", "activation", "relu", "hidden", "32", "layers", "3", "tokens", "word",
                "seed", "5", "epochs-done", "4");
        assertEquals(ModelSpec.builder().kind(ModelSpec.Kind.RNN).activation(RNNModelScratch.Activation.RELU).hidden(32)
                .layers(3).tokens(TokenType.WORD).seed(5).build(), ModelSpec.fromSettings(old));
        assertEquals(ModelSpec.builder().hidden(64).build(), ModelSpec.fromSettings(Map.of("hidden", "64")));
    }

    @Test
    void badValuesAndCombinationsAreNamed() {
        assertEquals("The setting hidden=many is not valid: For input string: \"many\"",
                assertThrows(IllegalArgumentException.class, () -> ModelSpec.fromSettings(Map.of("hidden", "many"))).getMessage());
        assertEquals("The setting model=transformer is not valid: Unknown model 'transformer': use scratch, rnn, gru, lstm",
                assertThrows(IllegalArgumentException.class, () -> ModelSpec.fromSettings(Map.of("model", "transformer")))
                        .getMessage());
        assertEquals("Hidden units and layers must be positive, got 0 and 1",
                assertThrows(IllegalArgumentException.class, () -> ModelSpec.builder().hidden(0).build()).getMessage());
        assertEquals("Directions must be 1 or 2, got 3", assertThrows(IllegalArgumentException.class,
                () -> ModelSpec.builder().kind(ModelSpec.Kind.GRU).directions(3).build()).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ModelSpec.builder().layers(2).build()).getMessage()
                .startsWith("The scratch RNN has one layer in one direction, got 2 layer(s)"));
        assertEquals("The activation relu applies to the scratch and the rnn models only; lstm has its own gates",
                assertThrows(IllegalArgumentException.class, () -> ModelSpec.builder().kind(ModelSpec.Kind.LSTM)
                        .activation(RNNModelScratch.Activation.RELU).build()).getMessage());
    }
}
