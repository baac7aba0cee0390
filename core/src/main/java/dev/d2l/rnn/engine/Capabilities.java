package dev.d2l.rnn.engine;

import ai.djl.engine.Engine;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * What one engine can do, measured once per engine by running tiny programs on it, never
 * inferred from its name. All engine differences in this project go through this class.
 *
 * <p>Thread-safe: the probes ({@link CapabilityProbe}) run once per engine.
 */
public final class Capabilities {

    private static final Map<String, Capabilities> PROBED = new ConcurrentHashMap<>();

    private final String engineName;
    private final String engineVersion;
    private final Set<Capability> present;

    Capabilities(Engine engine, Set<Capability> present) {
        this.engineName = engine.getEngineName();
        this.engineVersion = engine.getVersion();
        this.present = present.isEmpty()
                ? Collections.emptySet()
                : Collections.unmodifiableSet(EnumSet.copyOf(present));
    }

    /** The capabilities of {@code engine}, probed on first use and remembered. */
    public static Capabilities of(Engine engine) {
        return PROBED.computeIfAbsent(engine.getEngineName(),
                name -> new Capabilities(engine, CapabilityProbe.measure(engine)));
    }

    /** The name of the engine these capabilities belong to. */
    public String engineName() {
        return engineName;
    }

    /** The version of the engine's native library. */
    public String engineVersion() {
        return engineVersion;
    }

    /** Whether the engine has {@code capability}. */
    public boolean has(Capability capability) {
        return present.contains(capability);
    }

    /** Every capability the engine has. */
    public Set<Capability> all() {
        return present;
    }

    /**
     * Fails with an error naming the engine and the capability when the engine lacks it.
     *
     * @param hint what the user can do instead, appended to the message; may be empty
     * @throws MissingCapabilityException if the engine lacks {@code capability}
     */
    public void require(Capability capability, String hint) {
        if (!has(capability)) {
            throw new MissingCapabilityException(engineName, engineVersion, capability, hint);
        }
    }

    @Override
    public String toString() {
        String listed = Arrays.stream(Capability.values())
                .map(c -> (has(c) ? "+" : "-") + c.name().toLowerCase())
                .collect(Collectors.joining(" "));
        return engineName + " " + engineVersion + " [" + listed + "]";
    }
}
