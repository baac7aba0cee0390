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
 * token at a time, greedily (argmax) or by sampling ({@link Decoding}: temperature, top-k,
 * top-p), one continuation or several at once.
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
        return generate(prefix, numPreds, 1, Decoding.greedy(), null, manager).get(0);
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
        return generate(prefix, numPreds, 1, Decoding.sample(temperature), random, manager).get(0);
    }

    /**
     * {@code count} continuations of one prefix, each {@code numPreds} tokens long, chosen as
     * {@code decoding} says, computed together in one batch of {@code count} sequences. The draws
     * come from {@code random} row by row, step by step, so the same seed gives the same texts on
     * an engine, and one continuation equals {@link #sample}'s.
     *
     * @throws IllegalArgumentException for an empty prefix, a negative count of tokens or fewer than one continuation
     */
    public List<String> generate(String prefix, int numPreds, int count, Decoding decoding, Random random,
            NDManager manager) {
        List<String> tokens = tokenType.tokenize(prefix == null ? "" : prefix);
        if (tokens.isEmpty()) {
            throw new IllegalArgumentException("The prefix is empty: give at least one " + tokenType.toString().toLowerCase()
                    + " token to start from");
        }
        if (numPreds < 0) {
            throw new IllegalArgumentException("Number of tokens to generate must be zero or more, got " + numPreds);
        }
        if (count < 1) {
            throw new IllegalArgumentException("Number of continuations must be positive, got " + count);
        }
        if (decoding.samples() && random == null) {
            throw new IllegalArgumentException("Sampling needs a source of randomness");
        }
        int[] prefixIndices = vocab.indicesOf(tokens);
        int[][] output = new int[count][prefixIndices.length + numPreds];
        for (int[] row : output) {
            System.arraycopy(prefixIndices, 0, row, 0, prefixIndices.length);
        }
        Engines.prepareThread(manager.getEngine());
        try (NDManager scope = manager.newSubManager()) {
            model.parameters().values().forEach(p -> p.tempAttach(scope));
            NDList state = model.beginState(scope, count);
            if (prefixIndices.length > 1) {
                // Warm-up: only the state matters, so the whole prefix but its last token goes in one call.
                int warm = prefixIndices.length - 1;
                int[] warmUp = new int[count * warm];
                for (int r = 0; r < count; r++) {
                    System.arraycopy(prefixIndices, 0, warmUp, r * warm, warm);
                }
                state = model.forward(scope.create(warmUp, new Shape(count, warm)), state).state();
            }
            int[] last = new int[count];
            Arrays.fill(last, prefixIndices[prefixIndices.length - 1]);
            int vocabSize = model.vocabSize();
            for (int i = 0; i < numPreds; i++) {
                try (NDManager step = scope.newSubManager()) {
                    NDArray input = step.create(last, new Shape(count, 1));
                    // The old state is freed with this step; the new one moves out to the generation's scope.
                    state.attach(step);
                    LanguageModel.Output out = model.forward(input, state);
                    float[] logits = out.logits().toFloatArray();
                    for (int r = 0; r < count; r++) {
                        last[r] = decoding.next(Arrays.copyOfRange(logits, r * vocabSize, (r + 1) * vocabSize), random);
                        output[r][prefixIndices.length + i] = last[r];
                    }
                    out.state().attach(scope);
                    state = out.state();
                }
            }
        }
        List<String> texts = new ArrayList<>(count);
        for (int[] row : output) {
            texts.add(String.join(tokenType == TokenType.WORD ? " " : "", vocab.toTokens(row)));
        }
        return texts;
    }
}
