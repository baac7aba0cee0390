package dev.d2l.rnn.engine;

import ai.djl.engine.Engine;

/**
 * Work an engine module must do before its engine first loads, such as unpacking native
 * libraries and pointing the engine at them.
 *
 * <p>Engine modules register an implementation in {@code META-INF/services}; {@link Engines}
 * runs every registered setup once before it hands out an engine, so core never names an
 * engine.
 */
public interface EngineSetup {

    /** The engine this setup prepares, spelled as DJL spells it. */
    String engineName();

    /**
     * Prepares the engine. Called at most once per process, before the engine first loads.
     *
     * @throws RuntimeException with a message naming what failed when the engine cannot be
     *     prepared
     */
    void prepare();

    /**
     * Prepares the calling thread to run operations on {@code engine} as the thread that loaded
     * it runs them. Called once per thread and engine, before the thread's first training or
     * generation, after {@link #prepare}; never while one of this project's collectors is open.
     */
    default void prepareThread(Engine engine) {}
}
