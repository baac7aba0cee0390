package dev.d2l.rnn.train;

import ai.djl.engine.Engine;
import dev.d2l.rnn.engine.Capabilities;
import dev.d2l.rnn.engine.Capability;
import dev.d2l.rnn.model.BpttModel;
import dev.d2l.rnn.model.LanguageModel;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Which {@link GradientSource} a run asks for, by the names the {@code d2l} commands take
 * ({@code --gradients}); each name means the same for every model and command.
 */
public enum GradientChoice {
    /**
     * The source the model trains faster with on the engine: its autograd where the model
     * prefers it ({@link BpttModel#prefersAutograd}) and the engine has it, else its BPTT; a
     * model without BPTT (no {@link BpttModel}) takes autograd.
     */
    AUTO,
    /** The engine's autograd; fails clearly on an engine without it. */
    AUTOGRAD,
    /** The model's written-out backpropagation through time (d2l 8.7), on every engine. */
    BPTT;

    /**
     * The choice called {@code name}, in any case: {@code auto}, {@code autograd} or {@code bptt};
     * {@code explicit}, BPTT's name before, still reads as {@code bptt} (old scripts and checkpoints).
     *
     * @throws IllegalArgumentException naming the value and the allowed ones
     */
    public static GradientChoice parse(String name) {
        String wanted = name == null ? "" : name.trim();
        if (wanted.equalsIgnoreCase("explicit")) {
            return BPTT;
        }
        for (GradientChoice choice : values()) {
            if (choice.name().equalsIgnoreCase(wanted)) {
                return choice;
            }
        }
        throw new IllegalArgumentException("Unknown gradient source '" + name + "': use "
                + Arrays.stream(values()).map(GradientChoice::toString).collect(Collectors.joining(", ")));
    }

    /**
     * The source for {@code model} on {@code engine}.
     *
     * @throws dev.d2l.rnn.engine.MissingCapabilityException for autograd on an engine without it,
     *     and for {@link #AUTO} when the model has no BPTT and the engine no autograd
     */
    public GradientSource resolve(Engine engine, LanguageModel model) {
        if (this == AUTO && !(model instanceof BpttModel)) {
            Capabilities.of(engine).require(Capability.AUTOGRAD, model.getClass().getSimpleName()
                    + " has no written-out backward pass (it is no BpttModel) to train with instead");
            return new AutogradSource(engine);
        }
        return resolve(engine, model instanceof BpttModel bptt && bptt.prefersAutograd(engine));
    }

    /**
     * The source on {@code engine} for an objective with a written-out backward pass (a {@link
     * BpttObjective}).
     *
     * @param prefersAutograd whether it trains faster with autograd than with its written-out
     *     pass there (true for an objective without a faster pass, such as d2l 8.1's MLP)
     */
    public GradientSource resolve(Engine engine, boolean prefersAutograd) {
        return switch (this) {
            case AUTO -> prefersAutograd && Capabilities.of(engine).has(Capability.AUTOGRAD)
                    ? new AutogradSource(engine)
                    : GradientSource.bptt();
            case AUTOGRAD -> GradientSource.autograd(engine);
            case BPTT -> GradientSource.bptt();
        };
    }

    /** The name as the commands take it and checkpoints save it: {@code auto}, {@code autograd}, {@code bptt}. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
