package dev.d2l.rnn.train;

import ai.djl.engine.Engine;
import dev.d2l.rnn.model.LanguageModel;
import java.util.Locale;

/** Where a run's gradients come from, as a user names it (the CLI's {@code --gradients}). */
public enum GradientChoice {
    /** The faster source for the model on the engine: {@link GradientSource#preferred}. */
    AUTO,
    /** The engine's autograd; fails on an engine without it. */
    AUTOGRAD,
    /** The model's written-out backpropagation through time, on any engine. */
    BPTT;

    /**
     * The choice named {@code value} in any case: {@code auto}, {@code autograd} or {@code bptt};
     * {@code explicit}, its name before, still reads as {@code bptt} (old scripts and checkpoints).
     *
     * @throws IllegalArgumentException naming the value and the allowed ones
     */
    public static GradientChoice parse(String value) {
        String name = value == null ? "" : value.trim().toUpperCase(Locale.ROOT);
        if (name.equals("EXPLICIT")) {
            return BPTT;
        }
        for (GradientChoice choice : values()) {
            if (choice.name().equals(name)) {
                return choice;
            }
        }
        throw new IllegalArgumentException("Unknown gradient source '" + value + "': use auto, autograd, bptt");
    }

    /**
     * The source this choice names for {@code model} on {@code engine}.
     *
     * @throws dev.d2l.rnn.engine.MissingCapabilityException for autograd on an engine without it
     */
    public GradientSource source(Engine engine, LanguageModel model) {
        return switch (this) {
            case AUTO -> GradientSource.preferred(engine, model);
            case AUTOGRAD -> GradientSource.autograd(engine);
            case BPTT -> GradientSource.bptt();
        };
    }

    /**
     * The source this choice names on {@code engine} for an objective with a written-out
     * backward pass where autograd is as fast or faster (d2l 8.1's MLP): {@code auto} takes autograd
     * where the engine has it.
     */
    public GradientSource source(Engine engine) {
        return switch (this) {
            case AUTO -> GradientSource.preferred(engine, true);
            case AUTOGRAD -> GradientSource.autograd(engine);
            case BPTT -> GradientSource.bptt();
        };
    }

    /** The name users type: auto, autograd or bptt. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
