package dev.d2l.rnn.examples;

import ai.djl.engine.Engine;
import ai.djl.engine.EngineProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An engine whose natives fail to load, as on a machine with a broken native library: listed on
 * the class path for as long as {@link #install} is in effect, failing when loaded. Public, with
 * a public constructor, for {@code ServiceLoader}.
 */
public final class BrokenEngine implements EngineProvider {

    static final String NAME = "Broken";
    static final String REASON = "libbroken.so: cannot open shared object file: No such file or directory";

    /** For {@code ServiceLoader}. */
    public BrokenEngine() {}

    @Override
    public String getEngineName() {
        return NAME;
    }

    @Override
    public int getEngineRank() {
        // Never DJL's default engine.
        return Integer.MAX_VALUE;
    }

    @Override
    public Engine getEngine() {
        throw new UnsatisfiedLinkError(REASON);
    }

    /**
     * Puts the broken engine on this thread's class path (where the project looks for engines)
     * and into DJL's registry; closing takes it off the class path again.
     */
    static AutoCloseable install(Path folder) {
        try {
            Path services = Files.createDirectories(folder.resolve("META-INF/services"));
            Files.writeString(services.resolve(EngineProvider.class.getName()), BrokenEngine.class.getName() + "\n");
            Thread thread = Thread.currentThread();
            ClassLoader original = thread.getContextClassLoader();
            URLClassLoader loader = new URLClassLoader(new URL[] {folder.toUri().toURL()}, original);
            thread.setContextClassLoader(loader);
            Engine.registerEngine(new BrokenEngine());
            return () -> {
                thread.setContextClassLoader(original);
                loader.close();
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
