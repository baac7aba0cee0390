package dev.d2l.rnn.engine;

import ai.djl.engine.Engine;
import com.sun.jna.Library;
import com.sun.jna.Native;

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

    /**
     * Sets an environment variable of this process for native libraries not yet loaded (Java
     * cannot change its own environment, so this goes through the C library's {@code setenv}),
     * unless the variable is set already: a user's own setting wins.
     *
     * @return whether the variable was set by this call
     * @throws IllegalStateException if {@code setenv} fails
     */
    static boolean setNativeEnvironment(String name, String value) {
        if (System.getenv(name) != null) {
            return false;
        }
        CLibrary c = Native.load("c", CLibrary.class);
        if (c.setenv(name, value, 0) != 0) {
            throw new IllegalStateException("Cannot set " + name + "=" + value + " for the engine's native libraries: "
                    + "setenv failed with errno " + Native.getLastError());
        }
        return true;
    }

    /** The C library's {@code setenv} and glibc's {@code mallopt}. */
    interface CLibrary extends Library {
        int setenv(String name, String value, int overwrite);

        int mallopt(int parameter, int value);
    }
}
