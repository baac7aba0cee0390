package dev.d2l.rnn.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.d2l.rnn.engine.Engines;
import dev.d2l.rnn.model.CrossEntropy;
import dev.d2l.rnn.model.LanguageModel;

/**
 * The perplexity of a model on held-out tokens, computed as PyTorch's word_language_model
 * {@code evaluate}s: the tokens laid out as {@code batchSize} contiguous columns ({@code
 * batchify}), read in sequential minibatches of {@code numSteps} steps (the last one shorter)
 * with the state carried from one to the next, through {@link LanguageModel#forward} (no
 * dropout) and without recording gradients. Every token but the last of each column is
 * predicted once, so the figure is exp of the mean cross-entropy over all of them.
 */
public final class HeldOutPerplexity {

    private final int[] tokens;
    private final int batchSize;
    private final int numSteps;
    private final int columnLength;

    /**
     * @param tokens the held-out tokens
     * @param batchSize the number of columns (word_language_model's eval batch size, 10)
     * @param numSteps steps per minibatch
     * @throws IllegalArgumentException if a size is not positive, or the tokens do not fill two rows of the columns
     */
    public HeldOutPerplexity(int[] tokens, int batchSize, int numSteps) {
        if (batchSize <= 0 || numSteps <= 0) {
            throw new IllegalArgumentException("Batch size and number of steps must be positive, got batchSize=" + batchSize
                    + ", numSteps=" + numSteps);
        }
        if (tokens.length / batchSize < 2) {
            throw new IllegalArgumentException("Held-out part of " + tokens.length + " tokens is too short for " + batchSize
                    + " columns: it needs at least " + 2 * batchSize + " tokens");
        }
        this.tokens = tokens.clone();
        this.batchSize = batchSize;
        this.numSteps = numSteps;
        this.columnLength = tokens.length / batchSize;
    }

    /** The number of tokens predicted: every column's but its last. */
    public long predictedTokens() {
        return (long) batchSize * (columnLength - 1);
    }

    /**
     * exp(mean cross-entropy) of {@code model} over the tokens. The parameters are read, never
     * changed; arrays live in sub-managers of {@code manager}, closed before it returns.
     */
    public double of(LanguageModel model, NDManager manager) {
        Engines.prepareThread(manager.getEngine());
        double lossTimesTokens = 0;
        try (NDManager evaluation = manager.newSubManager()) {
            NDList state = model.beginState(evaluation, batchSize);
            for (int start = 0; start < columnLength - 1; start += numSteps) {
                int steps = Math.min(numSteps, columnLength - 1 - start);
                try (NDManager scope = evaluation.newSubManager()) {
                    model.parameters().values().forEach(p -> p.tempAttach(scope));
                    state.attach(scope);
                    int[] x = new int[batchSize * steps];
                    int[] y = new int[batchSize * steps];
                    for (int b = 0; b < batchSize; b++) {
                        System.arraycopy(tokens, b * columnLength + start, x, b * steps, steps);
                        System.arraycopy(tokens, b * columnLength + start + 1, y, b * steps, steps);
                    }
                    Shape shape = new Shape(batchSize, steps);
                    LanguageModel.Output output = model.forward(scope.create(x, shape), state);
                    NDArray loss = CrossEntropy.mean(output.logits(), CrossEntropy.stepMajor(scope.create(y, shape)));
                    lossTimesTokens += (double) loss.getFloat() * x.length;
                    state = output.state();
                    state.attach(evaluation);
                }
            }
        }
        return Math.exp(lossTimesTokens / predictedTokens());
    }

    @Override
    public String toString() {
        return "HeldOutPerplexity[" + tokens.length + " tokens, " + batchSize + " columns, " + numSteps + " steps]";
    }
}
