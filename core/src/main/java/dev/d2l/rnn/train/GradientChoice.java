package dev.d2l.rnn.train;

import ai.djl.engine.Engine;
import dev.d2l.rnn.engine.Capabilities;
import dev.d2l.rnn.engine.Capability;
import dev.d2l.rnn.model.LanguageModel;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Which {@link GradientSource} a run asks for, by the names the {@code d2l} commands take; each
 * name means the same for every model and command.
 */
public enum GradientChoice {
    /**
     * The source the model trains faster with on the engine: its autograd where the model
     * prefers it ({@link LanguageModel#prefersAutograd}) and the engine has it, else the
     * written-out backward pass.
     */
    AUTO,
    /** The engine's autograd; fails clearly on an engine without it. */
    AUTOGRAD,
    /** The written-out backward pass, on every engine. */
    EXPLICIT;

    /**
     * The choice called {@code name}, in any case.
     *
     * @throws IllegalArgumentException naming the value and the allowed ones
     */
    public static GradientChoice parse(String name) {
        for (GradientChoice choice : values()) {
            if (choice.name().equalsIgnoreCase(name == null ? "" : name.trim())) {
                return choice;
            }
        }
        throw new IllegalArgumentException("Unknown gradient source '" + name + "': use "
                + Arrays.stream(values()).map(GradientChoice::toString).collect(Collectors.joining(", ")));
    }

    /** The source for {@code model} on {@code engine}. */
    public GradientSource resolve(Engine engine, LanguageModel model) {
        return resolve(engine, model.prefersAutograd(engine));
    }

    /**
     * The source for a model on {@code engine}.
     *
     * @param prefersAutograd whether the model trains faster with autograd than with its
     *     written-out pass there (true for a model without a faster pass, such as d2l 8.1's MLP)
     */
    public GradientSource resolve(Engine engine, boolean prefersAutograd) {
        return switch (this) {
            case AUTO -> prefersAutograd && Capabilities.of(engine).has(Capability.AUTOGRAD)
                    ? new AutogradSource(engine)
                    : GradientSource.explicit();
            case AUTOGRAD -> GradientSource.autograd(engine);
            case EXPLICIT -> GradientSource.explicit();
        };
    }

    /** The name as the commands take it: {@code auto}, {@code autograd}, {@code explicit}. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
