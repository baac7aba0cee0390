package dev.d2l.rnn.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;

/** Chooses the device a run uses, at run time. */
public final class Devices {

    private Devices() {}

    /**
     * The device named by {@code spec} on {@code engine}.
     *
     * @param spec {@code auto} (or null or empty): the engine's first GPU when it sees one,
     *     else the CPU; {@code cpu}; {@code gpu} (the first GPU); {@code gpu:N}
     * @throws IllegalArgumentException for an unknown spec or a GPU the engine does not see
     */
    public static Device choose(Engine engine, String spec) {
        String s = spec == null ? "auto" : spec.trim().toLowerCase();
        int gpus = engine.getGpuCount();
        if (s.isEmpty() || s.equals("auto")) {
            return gpus > 0 ? Device.gpu(0) : Device.cpu();
        }
        if (s.equals("cpu")) {
            return Device.cpu();
        }
        int index;
        if (s.equals("gpu")) {
            index = 0;
        } else if (s.startsWith("gpu:")) {
            try {
                index = Integer.parseInt(s.substring(4));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(unknown(spec), e);
            }
        } else {
            throw new IllegalArgumentException(unknown(spec));
        }
        if (index < 0 || index >= gpus) {
            throw new IllegalArgumentException("Device '" + spec + "' is not available: "
                    + engine.getEngineName() + " sees " + gpus + " GPU(s)"
                    + (gpus == 0 ? "; use --device cpu or auto" : "; use gpu:0 to gpu:" + (gpus - 1)));
        }
        return Device.gpu(index);
    }

    private static String unknown(String spec) {
        return "Unknown device '" + spec + "': use auto, cpu, gpu or gpu:N";
    }
}
