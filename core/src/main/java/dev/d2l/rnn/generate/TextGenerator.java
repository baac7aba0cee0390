package dev.d2l.rnn.generate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.d2l.rnn.data.TokenType;
import dev.d2l.rnn.data.Vocab;
import dev.d2l.rnn.engine.Engines;
import dev.d2l.rnn.model.LanguageModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * d2l's {@code predict_ch8}: warms a language model up on a prefix, then continues it one
 * token at a time, greedily (argmax) or by sampling from {@code softmax(logits / T)}.
 *
 * <p>Not thread-safe (the model is not).
 */
public final class TextGenerator {

    private final LanguageModel model;
    private final Vocab vocab;
    private final TokenType tokenType;

    /**
     * @param model the trained model
     * @param vocab the vocabulary it was trained with
     * @param tokenType how the prefix splits into tokens, and how generated tokens are joined
     * @throws IllegalArgumentException if the vocabulary and the model differ in size
     */
    public TextGenerator(LanguageModel model, Vocab vocab, TokenType tokenType) {
        if (vocab.size() != model.vocabSize()) {
            throw new IllegalArgumentException("The vocabulary has " + vocab.size() + " tokens but the model predicts "
                    + model.vocabSize());
        }
        this.model = model;
        this.vocab = vocab;
        this.tokenType = tokenType;
    }

    /**
     * The prefix followed by {@code numPreds} greedily generated tokens. Prefix tokens not in the
     * vocabulary are read as {@code <unk>} (and come back as {@code <unk>}).
     *
     * @param manager where the generation's arrays live, and on whose device it runs
     * @throws IllegalArgumentException for an empty prefix or a negative count
     */
    public String predict(String prefix, int numPreds, NDManager manager) {
        return generate(prefix, numPreds, 0f, null, manager);
    }

    /**
     * The prefix followed by {@code numPreds} tokens sampled from {@code softmax(logits / T)}:
     * T below 1 sharpens the distribution towards greedy choice, above 1 flattens it.
     *
     * @param temperature T, positive
     * @param random the source of randomness; the same seed gives the same text on one engine
     * @throws IllegalArgumentException for an empty prefix, a negative count or T not positive
     */
    public String sample(String prefix, int numPreds, float temperature, Random random, NDManager manager) {
        if (!(temperature > 0) || Float.isInfinite(temperature)) {
            throw new IllegalArgumentException("Temperature must be positive and finite, got " + temperature);
        }
        return generate(prefix, numPreds, temperature, random, manager);
    }

    private String generate(String prefix, int numPreds, float temperature, Random random, NDManager manager) {
        List<String> tokens = tokenType.tokenize(prefix == null ? "" : prefix);
        if (tokens.isEmpty()) {
            throw new IllegalArgumentException("The prefix is empty: give at least one " + tokenType.toString().toLowerCase()
                    + " token to start from");
        }
        if (numPreds < 0) {
            throw new IllegalArgumentException("Number of tokens to generate must be zero or more, got " + numPreds);
        }
        int[] prefixIndices = vocab.indicesOf(tokens);
        List<Integer> output = new ArrayList<>();
        for (int index : prefixIndices) {
            output.add(index);
        }
        Engines.prepareThread(manager.getEngine());
        try (NDManager scope = manager.newSubManager()) {
            model.parameters().values().forEach(p -> p.tempAttach(scope));
            NDList state = model.beginState(scope, 1);
            if (prefixIndices.length > 1) {
                // Warm-up: only the state matters, so the whole prefix but its last token goes in one call.
                int[] warmUp = Arrays.copyOf(prefixIndices, prefixIndices.length - 1);
                state = model.forward(scope.create(warmUp, new Shape(1, warmUp.length)), state).state();
            }
            int last = prefixIndices[prefixIndices.length - 1];
            for (int i = 0; i < numPreds; i++) {
                try (NDManager step = scope.newSubManager()) {
                    NDArray input = step.create(new int[] {last}, new Shape(1, 1));
                    // The old state is freed with this step; the new one moves out to the generation's scope.
                    state.attach(step);
                    LanguageModel.Output out = model.forward(input, state);
                    float[] logits = out.logits().toFloatArray();
                    last = temperature > 0 ? draw(logits, temperature, random) : argMax(logits);
                    out.state().attach(scope);
                    state = out.state();
                }
                output.add(last);
            }
        }
        int[] indices = output.stream().mapToInt(Integer::intValue).toArray();
        return String.join(tokenType == TokenType.WORD ? " " : "", vocab.toTokens(indices));
    }

    private static int argMax(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }

    /** A draw from softmax(logits / T), computed in double on the host. */
    private static int draw(float[] logits, float temperature, Random random) {
        double max = Double.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l / (double) temperature);
        }
        double[] weights = new double[logits.length];
        double total = 0;
        for (int i = 0; i < logits.length; i++) {
            weights[i] = Math.exp(logits[i] / (double) temperature - max);
            total += weights[i];
        }
        double u = random.nextDouble() * total;
        for (int i = 0; i < weights.length; i++) {
            u -= weights[i];
            if (u < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }
}
