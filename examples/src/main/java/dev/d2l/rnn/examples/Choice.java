package dev.d2l.rnn.examples;

import dev.d2l.rnn.data.Sampling;
import dev.d2l.rnn.data.TokenType;
import dev.d2l.rnn.model.ModelSpec;
import dev.d2l.rnn.model.RNNModelScratch;
import dev.d2l.rnn.train.GradientChoice;
import dev.d2l.rnn.train.Updater;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import java.util.function.Function;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * An option whose values are a closed set, one of core's enums: a value is read by the enum's own
 * parser, whose message names the value and the allowed ones (picocli puts the option's name
 * before it and the help hint after it, as for every bad value), and the allowed values, in lower
 * case, are the option's completion candidates ({@code ${COMPLETION-CANDIDATES}} in its help).
 */
abstract class Choice<E extends Enum<E>> implements ITypeConverter<E>, Iterable<String> {

    private final E[] values;
    private final Function<String, E> parse;

    Choice(E[] values, Function<String, E> parse) {
        this.values = values;
        this.parse = parse;
    }

    @Override
    public E convert(String value) {
        try {
            return parse.apply(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }

    @Override
    public Iterator<String> iterator() {
        return Arrays.stream(values).map(v -> v.name().toLowerCase(Locale.ROOT)).iterator();
    }

    /** {@code --model}. */
    static final class Models extends Choice<ModelSpec.Kind> {
        Models() {
            super(ModelSpec.Kind.values(), ModelSpec.Kind::parse);
        }
    }

    /** {@code --activation}. */
    static final class Activations extends Choice<RNNModelScratch.Activation> {
        Activations() {
            super(RNNModelScratch.Activation.values(), RNNModelScratch.Activation::parse);
        }
    }

    /** {@code --tokens}. */
    static final class Tokens extends Choice<TokenType> {
        Tokens() {
            super(TokenType.values(), TokenType::parse);
        }
    }

    /** {@code --sampling}. */
    static final class Samplings extends Choice<Sampling> {
        Samplings() {
            super(Sampling.values(), Sampling::parse);
        }
    }

    /** {@code --optimizer}. */
    static final class Updaters extends Choice<Updater.Kind> {
        Updaters() {
            super(Updater.Kind.values(), Updater.Kind::parse);
        }
    }

    /** {@code --gradients}. */
    static final class Gradients extends Choice<GradientChoice> {
        /** The option's help, the same in every command that has it. */
        static final String HELP = "auto (the faster for the model where the engine has it), autograd or bptt "
                + "(the written-out backward pass; explicit: its old name) (default: ${DEFAULT-VALUE})";

        Gradients() {
            super(GradientChoice.values(), GradientChoice::parse);
        }
    }
}
