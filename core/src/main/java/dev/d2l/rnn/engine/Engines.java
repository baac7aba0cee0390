package dev.d2l.rnn.engine;

import ai.djl.engine.Engine;
import ai.djl.engine.EngineProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The one way this project obtains a DJL engine: by name, case-insensitively, after the
 * engine module's {@link EngineSetup} has run, with clear errors for unknown engines and
 * engines whose natives fail to load. Before the first engine loads, glibc's allocator is told
 * to keep the memory native code frees for reuse, unless the user tuned it (on Linux; the
 * {@code MALLOC_*_} variables or {@code GLIBC_TUNABLES} set) or set {@code
 * -Dd2l.keepFreedNativeMemory=false}: word-level training otherwise spends much of its time in
 * page faults, and the process keeps its peak native memory until it exits.
 *
 * <p>Thread-safe.
 */
public final class Engines {

    /** Where each engine module's build records the natives it bundled for which platform. */
    static final String NATIVES_RESOURCE = "META-INF/d2l-rnn/natives.properties";

    private static final Map<String, RuntimeException> SETUP_FAILURES = new ConcurrentHashMap<>();
    private static final Map<String, Boolean> PREPARED = new ConcurrentHashMap<>();
    private static final ThreadLocal<Set<String>> PREPARED_THREADS = ThreadLocal.withInitial(HashSet::new);

    private Engines() {}

    /** Names of the engines on the class path, as DJL spells them, sorted. */
    public static List<String> available() {
        return computeProviders().stream()
                .map(EngineProvider::getEngineName)
                .distinct()
                .sorted(String.CASE_INSENSITIVE_ORDER)
                .collect(Collectors.toList());
    }

    /**
     * The engine called {@code name} (any case), loaded and ready.
     *
     * @throws EngineUnavailableException when no such engine is on the class path or its
     *     native libraries cannot be loaded; the message names the engine and the cause
     */
    public static Engine get(String name) {
        String canonical = canonicalName(name);
        checkDjlDefault();
        prepare(canonical);
        Engine engine;
        try {
            engine = Engine.getEngine(canonical);
        } catch (RuntimeException | LinkageError e) {
            throw new EngineUnavailableException("The " + canonical + " engine could not load its native libraries: "
                    + rootMessage(e), e);
        }
        prepareThread(engine);
        return engine;
    }

    /**
     * Lets the engine module prepare the calling thread for {@code engine} (once per thread);
     * {@link #get}, the training loop, the generator and {@link GradientRecording} call it, so any
     * thread can use any engine and computes as the thread that loaded it. Call it yourself on a
     * new thread before opening DJL's own gradient collectors there.
     */
    public static void prepareThread(Engine engine) {
        String name = engine.getEngineName();
        if (PREPARED_THREADS.get().add(name)) {
            for (EngineSetup setup : ServiceLoader.load(EngineSetup.class)) {
                if (setup.engineName().equalsIgnoreCase(name)) {
                    setup.prepareThread(engine);
                }
            }
        }
    }

    /**
     * The engine DJL picks by default: the one named by the {@code DJL_DEFAULT_ENGINE}
     * environment variable, else by the {@code ai.djl.default_engine} property, else the
     * highest-ranked one on the class path.
     */
    public static Engine defaultEngine() {
        List<String> names = available();
        if (names.isEmpty()) {
            throw new EngineUnavailableException("No DJL engine is on the class path: add an engine module "
                    + "(d2l-rnn-pytorch, d2l-rnn-mxnet or d2l-rnn-tensorflow)");
        }
        String configured = System.getenv("DJL_DEFAULT_ENGINE");
        if (configured == null || configured.isEmpty()) {
            configured = System.getProperty("ai.djl.default_engine");
        }
        if (configured != null && !configured.isEmpty()) {
            return get(configured);
        }
        // Engine.getInstance() would load the default engine without our setup: pick it by rank here.
        return get(rankedDefault());
    }

    /**
     * The canonical (DJL) spelling of an engine name given in any case.
     *
     * @throws EngineUnavailableException naming the available engines if none matches
     */
    public static String canonicalName(String name) {
        List<String> names = available();
        for (String known : names) {
            if (known.equalsIgnoreCase(name == null ? "" : name.trim())) {
                return known;
            }
        }
        String available = names.isEmpty() ? "none (add an engine module to the class path)" : String.join(", ", names);
        for (Map.Entry<String, String> left : leftOut().entrySet()) {
            if (left.getKey().equalsIgnoreCase(name == null ? "" : name.trim())) {
                throw new EngineUnavailableException("The " + left.getKey() + " engine is left out of this build: it publishes "
                        + "no natives for " + left.getValue() + ", the platform the build was made for; available: " + available);
            }
        }
        throw new EngineUnavailableException("Unknown engine '" + name + "'; available: " + available);
    }

    /**
     * Engines whose d2l-rnn module is on the class path but left out of its build, because the
     * engine publishes no natives for the platform the build was made for, each with that
     * platform, sorted by name. Empty when every engine module bundles its natives.
     */
    public static Map<String, String> leftOut() {
        return leftOut(Engines.class.getClassLoader());
    }

    static Map<String, String> leftOut(ClassLoader loader) {
        Properties natives = new Properties();
        try {
            for (Enumeration<URL> files = loader.getResources(NATIVES_RESOURCE); files.hasMoreElements(); ) {
                try (InputStream in = files.nextElement().openStream()) {
                    natives.load(in);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + NATIVES_RESOURCE + ": " + e.getMessage(), e);
        }
        Map<String, String> left = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String key : natives.stringPropertyNames()) {
            if (key.endsWith(".left-out") && Boolean.parseBoolean(natives.getProperty(key))) {
                String engine = key.substring(0, key.length() - ".left-out".length());
                left.put(engine, natives.getProperty(engine + ".platform", "this platform"));
            }
        }
        return Collections.unmodifiableMap(left);
    }

    /**
     * DJL fails to start any engine when its default names none exactly ("Unknown default engine");
     * say which setting is wrong and what it may be instead.
     */
    private static void checkDjlDefault() {
        String variable = System.getenv("DJL_DEFAULT_ENGINE");
        String configured = variable != null ? variable : System.getProperty("ai.djl.default_engine");
        List<String> names = available();
        if (configured != null && !configured.isEmpty() && !names.contains(configured)) {
            String setting = variable != null ? "The environment variable DJL_DEFAULT_ENGINE" : "The property ai.djl.default_engine";
            throw new EngineUnavailableException(setting + " is '" + configured + "', but DJL needs one of "
                    + String.join(", ", names) + ", spelled exactly");
        }
    }

    private static String rankedDefault() {
        String best = null;
        int bestRank = Integer.MAX_VALUE;
        for (EngineProvider provider : computeProviders()) {
            if (provider.getEngineRank() < bestRank) {
                bestRank = provider.getEngineRank();
                best = provider.getEngineName();
            }
        }
        return best;
    }

    /**
     * Providers of engines that compute. DJL's api module registers its own proxy engine (for
     * remote inference) beside the real ones; it cannot run this project's code, so it is left out.
     */
    private static List<EngineProvider> computeProviders() {
        List<EngineProvider> providers = new ArrayList<>();
        for (EngineProvider provider : ServiceLoader.load(EngineProvider.class)) {
            if (!provider.getClass().getPackageName().startsWith(Engine.class.getPackageName())) {
                providers.add(provider);
            }
        }
        return providers;
    }

    private static synchronized void prepare(String engineName) {
        RuntimeException failed = SETUP_FAILURES.get(engineName);
        if (failed != null) {
            throw failed;
        }
        if (PREPARED.containsKey(engineName)) {
            return;
        }
        if (PREPARED.isEmpty()) {
            NativeAllocator.keepFreedMemory();
        }
        for (EngineSetup setup : ServiceLoader.load(EngineSetup.class)) {
            if (setup.engineName().equalsIgnoreCase(engineName)) {
                try {
                    setup.prepare();
                } catch (RuntimeException e) {
                    EngineUnavailableException wrapped = new EngineUnavailableException(
                            "The " + engineName + " engine could not be prepared: " + rootMessage(e), e);
                    SETUP_FAILURES.put(engineName, wrapped);
                    throw wrapped;
                }
            }
        }
        PREPARED.put(engineName, Boolean.TRUE);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
