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
 * parser, whose message names the value and the allowed ones, and the allowed values, in lower
 * case, are the option's completion candidates ({@code ${COMPLETION-CANDIDATES}} in its help).
 */
abstract class Choice<E extends Enum<E>> implements ITypeConverter<E>, Iterable<String> {

    private final E[] values;
    private final Function<String, E> parse;
    private final boolean namesOption;

    /**
     * @param namesOption whether a bad value's message starts with picocli's {@code Invalid value
     *     for option '--x':} and ends with the help hint, or is the parser's message alone (the
     *     form each option has always had)
     */
    Choice(E[] values, Function<String, E> parse, boolean namesOption) {
        this.values = values;
        this.parse = parse;
        this.namesOption = namesOption;
    }

    @Override
    public E convert(String value) {
        try {
            return parse.apply(value);
        } catch (IllegalArgumentException e) {
            throw namesOption ? new TypeConversionException(e.getMessage()) : new Refused(e.getMessage());
        }
    }

    @Override
    public Iterator<String> iterator() {
        return Arrays.stream(values).map(v -> v.name().toLowerCase(Locale.ROOT)).iterator();
    }

    /** A value outside the set, reported by {@link ErrorReporter} as the parser's message alone. */
    static final class Refused extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    /** {@code --model}. */
    static final class Models extends Choice<ModelSpec.Kind> {
        Models() {
            super(ModelSpec.Kind.values(), ModelSpec.Kind::parse, false);
        }
    }

    /** {@code --activation}. */
    static final class Activations extends Choice<RNNModelScratch.Activation> {
        Activations() {
            super(RNNModelScratch.Activation.values(), RNNModelScratch.Activation::parse, false);
        }
    }

    /** {@code --tokens}. */
    static final class Tokens extends Choice<TokenType> {
        Tokens() {
            super(TokenType.values(), TokenType::parse, true);
        }
    }

    /** {@code --sampling}. */
    static final class Samplings extends Choice<Sampling> {
        Samplings() {
            super(Sampling.values(), Sampling::parse, true);
        }
    }

    /** {@code --optimizer}. */
    static final class Updaters extends Choice<Updater.Kind> {
        Updaters() {
            super(Updater.Kind.values(), Updater.Kind::parse, false);
        }
    }

    /** {@code --gradients}. */
    static final class Gradients extends Choice<GradientChoice> {
        /** The option's help, the same in every command that has it. */
        static final String HELP = "auto (the faster for the model where the engine has it), autograd or bptt "
                + "(the written-out backward pass; explicit: its old name) (default: ${DEFAULT-VALUE})";

        Gradients() {
            super(GradientChoice.values(), GradientChoice::parse, false);
        }
    }
}
