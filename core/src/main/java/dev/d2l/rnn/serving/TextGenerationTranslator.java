package dev.d2l.rnn.serving;

import ai.djl.ndarray.NDList;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;
import dev.d2l.rnn.generate.Decoding;
import dev.d2l.rnn.generate.TextGenerator;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * Continues a prefix. Generation runs the model once per token, which DJL's predictor (one
 * forward pass per input) cannot express: the input goes to the context, not to the block, and
 * the generator runs the model in {@link #processOutput}.
 *
 * @param <O> {@code String} for one continuation, {@code String[]} for several
 */
final class TextGenerationTranslator<O> implements NoBatchifyTranslator<String, O> {

    private static final String PREFIX = "d2l-rnn.prefix";

    private final TextGenerator generator;
    private final int length;
    private final int samples;
    private final Decoding decoding;
    private final long seed;
    private final Function<List<String>, O> output;

    TextGenerationTranslator(TextGenerator generator, int length, int samples, Decoding decoding, long seed,
            Function<List<String>, O> output) {
        this.generator = generator;
        this.length = length;
        this.samples = samples;
        this.decoding = decoding;
        this.seed = seed;
        this.output = output;
    }

    @Override
    public NDList processInput(TranslatorContext ctx, String prefix) {
        ctx.setAttachment(PREFIX, prefix);
        return new NDList();
    }

    @Override
    public O processOutput(TranslatorContext ctx, NDList list) {
        String prefix = (String) ctx.getAttachment(PREFIX);
        Random random = decoding.samples() ? new Random(seed) : null;
        return output.apply(generator.generate(prefix, length, samples, decoding, random, ctx.getNDManager()));
    }
}
