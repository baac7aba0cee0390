package dev.d2l.rnn.serving;

import ai.djl.Model;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorFactory;
import ai.djl.util.Pair;
import dev.d2l.rnn.checkpoint.Checkpoint;
import dev.d2l.rnn.generate.Decoding;
import dev.d2l.rnn.generate.TextGenerator;
import dev.d2l.rnn.model.LanguageModel;
import java.lang.reflect.Type;
import java.util.Map;
import java.util.Set;

/**
 * The translator of a checkpoint folder loaded through DJL's {@code Criteria} (named in the
 * folder's {@code serving.properties}): {@code String} prefix in, the prefix and its continuation
 * out, exactly as {@code d2l generate} prints them; or, with output type {@code String[]},
 * {@code samples} continuations of the prefix drawn in one batched pass.
 *
 * <p>Arguments, as numbers or strings, with {@code d2l generate}'s meanings: {@code length}
 * (tokens to generate, default 50); {@code temperature}, {@code topK} and {@code topP} (all
 * absent: greedy, d2l's predict_ch8; else sampled, see {@link Decoding#of}); {@code samples}
 * (continuations, default 1; more than 1 needs {@code String[]} output); {@code seed} (of the
 * sampling, default 42; each prefix starts from a fresh generator).
 */
public final class TextGenerationTranslatorFactory implements TranslatorFactory {

    @Override
    public Set<Pair<Type, Type>> getSupportedTypes() {
        return Set.of(new Pair<>(String.class, String.class), new Pair<>(String.class, String[].class));
    }

    /**
     * @throws IllegalArgumentException for types other than String to String, or a bad argument
     * @throws dev.d2l.rnn.checkpoint.CheckpointException if the folder holds no readable checkpoint
     */
    @Override
    @SuppressWarnings("unchecked")
    public <I, O> Translator<I, O> newInstance(Class<I> input, Class<O> output, Model model, Map<String, ?> arguments) {
        if (!isSupported(input, output)) {
            throw new IllegalArgumentException("A d2l-rnn model continues text: use Criteria.setTypes(String.class, String.class) "
                    + "or (String.class, String[].class), got " + input.getName() + " to " + output.getName());
        }
        int length = (int) number(arguments, "length", 50);
        if (length < 0) {
            throw new IllegalArgumentException("The argument length must be zero or more, got " + length);
        }
        int samples = (int) number(arguments, "samples", 1);
        if (samples < 1) {
            throw new IllegalArgumentException("The argument samples must be positive, got " + samples);
        }
        if (samples > 1 && output == String.class) {
            throw new IllegalArgumentException("The argument samples is " + samples + ": several continuations need "
                    + "Criteria.setTypes(String.class, String[].class)");
        }
        Float temperature = arguments.get("temperature") == null ? null : (float) number(arguments, "temperature", 1);
        Decoding decoding;
        try {
            decoding = Decoding.of(temperature, (int) number(arguments, "topK", 0), number(arguments, "topP", 1));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("The arguments temperature, topK and topP: " + e.getMessage(), e);
        }
        long seed = (long) number(arguments, "seed", 42);
        Checkpoint checkpoint = Checkpoint.load(model.getModelPath());
        LanguageModel languageModel = model.getBlock() == null ? null : CheckpointBlockFactory.languageModel(model.getBlock());
        if (languageModel == null) {
            languageModel = checkpoint.newModel(model.getNDManager());
        }
        TextGenerator generator = new TextGenerator(languageModel, checkpoint.vocab(), checkpoint.spec().tokens());
        if (output == String.class) {
            return (Translator<I, O>) new TextGenerationTranslator<>(generator, length, samples, decoding, seed, texts -> texts.get(0));
        }
        return (Translator<I, O>) new TextGenerationTranslator<>(generator, length, samples, decoding, seed,
                texts -> texts.toArray(String[]::new));
    }

    private static double number(Map<String, ?> arguments, String key, double otherwise) {
        Object value = arguments.get(key);
        if (value == null) {
            return otherwise;
        }
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        try {
            return Double.parseDouble(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("The argument " + key + " must be a number, got '" + value + "'", e);
        }
    }
}
