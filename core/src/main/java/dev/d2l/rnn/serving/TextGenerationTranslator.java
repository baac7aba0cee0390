package dev.d2l.rnn.serving;

import ai.djl.ndarray.NDList;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;
import dev.d2l.rnn.generate.TextGenerator;
import java.util.Random;

/**
 * Continues a prefix. Generation runs the model once per token, which DJL's predictor (one
 * forward pass per input) cannot express: the input goes to the context, not to the block, and
 * the generator runs the model in {@link #processOutput}.
 */
final class TextGenerationTranslator implements NoBatchifyTranslator<String, String> {

    private static final String PREFIX = "d2l-rnn.prefix";

    private final TextGenerator generator;
    private final int length;
    private final Float temperature;
    private final long seed;

    TextGenerationTranslator(TextGenerator generator, int length, Float temperature, long seed) {
        this.generator = generator;
        this.length = length;
        this.temperature = temperature;
        this.seed = seed;
    }

    @Override
    public NDList processInput(TranslatorContext ctx, String prefix) {
        ctx.setAttachment(PREFIX, prefix);
        return new NDList();
    }

    @Override
    public String processOutput(TranslatorContext ctx, NDList list) {
        String prefix = (String) ctx.getAttachment(PREFIX);
        return temperature == null
                ? generator.predict(prefix, length, ctx.getNDManager())
                : generator.sample(prefix, length, temperature, new Random(seed), ctx.getNDManager());
    }
}
