package dev.d2l.rnn;

import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The per-user folder where this project keeps downloaded datasets and unpacked natives.
 *
 * <p>{@code D2L_CACHE_DIR} (system property or environment variable) names it; otherwise it
 * is {@code $XDG_CACHE_HOME/d2l-rnn}, or {@code ~/.cache/d2l-rnn}.
 */
public final class CacheDirectory {

    /** The variable (system property or environment) that overrides the cache folder. */
    public static final String VARIABLE = "D2L_CACHE_DIR";

    private CacheDirectory() {}

    /** The cache root; not created here. */
    public static Path root() {
        String configured = System.getProperty(VARIABLE, System.getenv(VARIABLE));
        if (configured != null && !configured.isBlank()) {
            return Paths.get(configured).toAbsolutePath();
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Paths.get(xdg) : Paths.get(System.getProperty("user.home"), ".cache");
        return base.resolve("d2l-rnn").toAbsolutePath();
    }
}
