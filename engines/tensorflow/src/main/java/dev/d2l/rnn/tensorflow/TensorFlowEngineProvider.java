package dev.d2l.rnn.tensorflow;

import ai.djl.engine.Engine;
import ai.djl.engine.EngineProvider;
import ai.djl.tensorflow.engine.TfEngineProvider;

/**
 * DJL's TensorFlow engine, prepared by {@link TensorFlowSetup} before it first loads, for
 * programs that ask DJL for the engine themselves ({@code Engine.getEngine("TensorFlow")}, a
 * {@code Criteria} with {@code optEngine("TensorFlow")}). It hands out the very engine DJL's own
 * provider makes, under the same name and rank; DJL keeps the first provider of a name it finds,
 * and this module's jar comes before DJL's engine jar on a class path that Maven or Gradle builds
 * from a dependency on this module.
 */
public final class TensorFlowEngineProvider implements EngineProvider {

    private final TfEngineProvider delegate = new TfEngineProvider();

    @Override
    public String getEngineName() {
        return delegate.getEngineName();
    }

    @Override
    public int getEngineRank() {
        return delegate.getEngineRank();
    }

    @Override
    public Engine getEngine() {
        TensorFlowSetup.prepareOnce();
        return delegate.getEngine();
    }
}
