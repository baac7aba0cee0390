package dev.d2l.rnn.tensorflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import ai.djl.engine.Engine;
import ai.djl.engine.EngineProvider;
import ai.djl.tensorflow.engine.TfEngineProvider;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class TensorFlowEngineProviderTest {

    /** DJL keeps the first provider of a name that its ServiceLoader finds: it must be this module's. */
    @Test
    void comesBeforeDjlsOwnAndHandsOutDjlsEngine() {
        List<EngineProvider> tensorFlow = ServiceLoader.load(EngineProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.getEngineName().equals("TensorFlow")).toList();
        assertEquals(List.of(TensorFlowEngineProvider.class, TfEngineProvider.class),
                tensorFlow.stream().map(Object::getClass).toList());
        assertEquals(tensorFlow.get(1).getEngineRank(), tensorFlow.get(0).getEngineRank());
        // Through DJL first: DJL's own provider, asked first, would not find the natives offline.
        Engine engine = Engine.getEngine("TensorFlow");
        assertSame(new TfEngineProvider().getEngine(), engine);
    }
}
