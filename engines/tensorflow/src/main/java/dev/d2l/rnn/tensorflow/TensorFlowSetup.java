package dev.d2l.rnn.tensorflow;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.tensorflow.engine.TfNDManager;
import dev.d2l.rnn.CacheDirectory;
import dev.d2l.rnn.engine.EngineSetup;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.slf4j.Logger;
import org.tensorflow.internal.c_api.TFE_Context;
import org.tensorflow.internal.c_api.TFE_Executor;
import org.tensorflow.internal.c_api.global.tensorflow;
import org.slf4j.LoggerFactory;

/**
 * Points DJL's TensorFlow engine at the natives of TF-Java's {@code tensorflow-core-native}
 * jar for this machine's platform, so the engine starts offline instead of downloading from
 * DJL's site.
 *
 * <p>DJL reads {@code TENSORFLOW_LIBRARY_PATH} from the environment, then from the system
 * properties; a user's own setting is left alone.
 */
public final class TensorFlowSetup implements EngineSetup {

    static final String LIBRARY_PATH = "TENSORFLOW_LIBRARY_PATH";
    static final String INTRA_OP_THREADS = "ai.djl.tensorflow.num_intraop_threads";
    static final String MIN_LOG_LEVEL = "TF_CPP_MIN_LOG_LEVEL";
    private static final String RESOURCE_ROOT = "org/tensorflow/internal/c_api/";
    /** The library DJL looks for in {@value #LIBRARY_PATH}; the others of its folder go beside it. */
    private static final String JNI_LIBRARY = System.mapLibraryName("jnitensorflow");
    private static final String POM_PROPERTIES =
            "META-INF/maven/org.tensorflow/tensorflow-core-native/pom.properties";

    private static final Logger LOG = LoggerFactory.getLogger(TensorFlowSetup.class);
    private static boolean prepared;

    @Override
    public String engineName() {
        return "TensorFlow";
    }

    @Override
    public void prepare() {
        prepareOnce();
    }

    /** {@link #prepare}, done once per process, whoever asks first: {@code Engines} or DJL itself. */
    static synchronized void prepareOnce() {
        if (prepared) {
            return;
        }
        unpackNatives();
        prepared = true;
    }

    private static void unpackNatives() {
        limitIntraOpThreads(Runtime.getRuntime().availableProcessors());
        // TensorFlow's C++ logs at INFO on stderr when it loads ("This TensorFlow binary is optimized to use available CPU
        // instructions..."), a line every d2l command printed; warnings and errors still show. A user's own level wins.
        EngineSetup.setNativeEnvironment(MIN_LOG_LEVEL, "1");
        String own = System.getenv(LIBRARY_PATH) != null ? System.getenv(LIBRARY_PATH) : System.getProperty(LIBRARY_PATH);
        if (own != null && !own.isBlank()) {
            LOG.debug("Using the TensorFlow natives in {} ({} is set)", own, LIBRARY_PATH);
            return;
        }
        ClassLoader loader = TensorFlowSetup.class.getClassLoader();
        String osName = System.getProperty("os.name");
        String osArch = System.getProperty("os.arch");
        String classifier = classifier(osName, osArch);
        List<String> files = classifier == null ? List.of()
                : NativeFolder.filesBeside(loader, RESOURCE_ROOT + classifier, JNI_LIBRARY);
        if (files.isEmpty()) {
            throw new IllegalStateException("TensorFlow natives for " + osName + " " + osArch + " are not on the class path: "
                    + "build this project on the machine that runs it (or with -Dd2l.platform naming its platform) so that "
                    + "it bundles org.tensorflow:tensorflow-core-native"
                    + (classifier == null ? "" : ":" + classifier) + " where TF-Java publishes it, or set "
                    + LIBRARY_PATH + " to a folder holding " + JNI_LIBRARY + " and TensorFlow's libraries");
        }
        Path folder = new NativeFolder(loader, RESOURCE_ROOT + classifier, files).extractTo(CacheDirectory.root()
                .resolve("tensorflow-natives")
                .resolve(nativeVersion(loader) + "-" + classifier));
        System.setProperty(LIBRARY_PATH, folder.toString());
        // Without this, JavaCPP also unpacks its own copies from the jar and maps a second libtensorflow_framework.
        System.setProperty("org.bytedeco.javacpp.pathsFirst", "true");
        LOG.debug("TensorFlow natives in {}", folder);
    }

    /**
     * Gives TensorFlow's intra-op pool one thread fewer than the machine has cores, unless the
     * user set {@value #INTRA_OP_THREADS}: the thread that issues the eager ops is busy the
     * whole time. On the 2 cores of this project's machines one pool thread instead of TF's
     * default of two ran the scratch RNN 1.17x and the concise one 1.2x as fast (79,006 against
     * 67,484 and 167,204 against 143,419 tokens/s); see the README's performance section.
     */
    static void limitIntraOpThreads(int cores) {
        if (System.getProperty(INTRA_OP_THREADS) == null) {
            System.setProperty(INTRA_OP_THREADS, String.valueOf(Math.max(1, cores - 1)));
        }
    }

    /**
     * Gives the thread a synchronous executor. DJL runs TensorFlow's eager ops on an
     * asynchronous executor, where one failing op leaves an error that makes every later op
     * of the process fail; a synchronous one reports the error on the op that caused it and
     * leaves the next ops alone. It was also about twice as fast for this project's models.
     */
    @Override
    public void prepareThread(Engine engine) {
        try (NDManager manager = engine.newBaseManager()) {
            TFE_Context context = ((TfNDManager) manager).getEagerSession();
            TFE_Executor executor = tensorflow.TFE_NewExecutor(false, true, 0);
            tensorflow.TFE_ContextSetExecutorForThread(context, executor);
        }
    }

    private static String nativeVersion(ClassLoader loader) {
        try (InputStream in = loader.getResourceAsStream(POM_PROPERTIES)) {
            if (in != null) {
                Properties properties = new Properties();
                properties.load(in);
                return properties.getProperty("version", "unknown");
            }
        } catch (IOException e) {
            LOG.debug("Cannot read {}", POM_PROPERTIES, e);
        }
        return "unknown";
    }

    /**
     * TF-Java's classifier (JavaCPP's platform name, also the natives' folder in its jar) for a
     * JVM's {@code os.name} and {@code os.arch}, or null for a platform it has no name for.
     */
    static String classifier(String osName, String osArch) {
        String os = osName.toLowerCase(Locale.ROOT);
        String family = os.startsWith("linux") ? "linux"
                : os.startsWith("mac") || os.startsWith("darwin") ? "macosx"
                : os.startsWith("windows") ? "windows" : null;
        String arch = switch (osArch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64", "x86-64" -> "x86_64";
            case "aarch64", "arm64" -> "arm64";
            default -> null;
        };
        return family == null || arch == null ? null : family + "-" + arch;
    }
}
