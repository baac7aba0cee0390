package dev.d2l.rnn.pytorch;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import dev.d2l.rnn.engine.EngineSetup;
import java.util.Locale;

/**
 * Prepares DJL's PyTorch engine: OpenMP threads that do not starve a busy machine, and every
 * thread that uses the engine in the state of the thread that loaded it.
 */
public final class PyTorchSetup implements EngineSetup {

    static final String SPIN_COUNT = "GOMP_SPINCOUNT";
    static final String SPIN_ROUNDS = "1000";

    @Override
    public String engineName() {
        return "PyTorch";
    }

    /**
     * Shortens how long torch's OpenMP threads spin before they sleep, unless the user chose
     * ({@code OMP_WAIT_POLICY} or {@code GOMP_SPINCOUNT} set). The natives themselves come from
     * the {@code pytorch-native-cpu} jar on the class path.
     *
     * <p>libgomp's threads spin 300,000 rounds between parallel regions by default: fastest on an
     * idle machine, but with another busy process on the two cores of this project's machines
     * the spinning threads starved the one doing the work (scratch RNN: 17,000-23,000 tokens/s
     * against 58,000-64,000 idle, and 1,000 under heavier load). 1,000 rounds kept the idle speed
     * (57,000-61,000) and gave 25,000-29,000 with one or two busy processes; see the README's
     * performance section. libgomp reads the variable when torch's libraries load, which is after
     * this.
     * Only DJL's Linux builds of torch use libgomp (macOS's use LLVM's libomp, Windows' Intel's),
     * so elsewhere this does nothing.
     */
    @Override
    public void prepare() {
        if (usesLibgomp(System.getProperty("os.name")) && System.getenv("OMP_WAIT_POLICY") == null) {
            EngineSetup.setNativeEnvironment(SPIN_COUNT, SPIN_ROUNDS);
        }
    }

    static boolean usesLibgomp(String osName) {
        return osName.toLowerCase(Locale.ROOT).startsWith("linux");
    }

    /**
     * Turns torch's grad mode off on the thread, as DJL does on the thread that loads the engine.
     * Grad mode is per thread and on in a new one, and some ops take another native path with it
     * on (the fused LSTM gives other numbers): without this, a thread would compute differently
     * from the loading thread, and which fused ops the capability probe picks would depend on
     * the thread that asked first. Gradient collectors turn it on while they record.
     */
    @Override
    public void prepareThread(Engine engine) {
        JniUtils.setGradMode(false);
    }
}
