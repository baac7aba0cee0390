package dev.d2l.rnn.pytorch;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import dev.d2l.rnn.engine.EngineSetup;

/** Gives every thread that uses DJL's PyTorch engine the state of the thread that loaded it. */
public final class PyTorchSetup implements EngineSetup {

    @Override
    public String engineName() {
        return "PyTorch";
    }

    /** Nothing to do: the natives come from the {@code pytorch-native-cpu} jar on the class path. */
    @Override
    public void prepare() {}

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
