package dev.d2l.rnn.engine;

/** What this project relies on from an engine, each measured by {@link Capabilities#of}. */
public enum Capability {
    /** Records operations and computes gradients ({@code GradientCollector}). */
    AUTOGRAD("record gradients (autograd)"),
    /** Gradients add up across gradient-collector scopes instead of being overwritten. */
    ACCUMULATES_GRADIENTS("accumulate gradients across collector scopes"),
    /**
     * Records gradients on several threads at once. Without it, {@link GradientRecording#newGradientCollector}
     * lets threads record one after the other.
     */
    CONCURRENT_AUTOGRAD("record gradients on several threads at once"),
    /** Runs DJL's built-in recurrent blocks (RNN, GRU, LSTM) through a fused native op. */
    FUSED_RECURRENT("run DJL's fused recurrent blocks (RNN/GRU/LSTM)"),
    /**
     * Runs DJL's fused linear operator ({@code Linear.linear}, {@code x W^T + b}). Products of
     * many rows with one weight go through it where present: on MXNet it ran 32-row products
     * with a 512 x 512 weight 1.6 times as fast as {@code matMul}.
     */
    LINEAR("run DJL's fused linear operator (Linear.linear)"),
    /**
     * Looks rows of a matrix up by integer index through DJL's embedding op ({@code
     * Embedding.embedding}), and, where the engine has autograd, adds up the gradients of rows
     * picked more than once. Without it an embedding is the product of one-hot rows with the matrix.
     */
    GATHER("look rows up by index (embedding)"),
    /**
     * Picks one element per row by integer index ({@code x.get(new NDIndex().addAllDim().addPickDim(labels))}),
     * and, where the engine has autograd, differentiates it. Cross-entropy picks each row's
     * log-probability so; without it, it multiplies by the labels' one-hot rows and sums.
     */
    PICK("pick one element per row by index (cross-entropy)"),
    /**
     * Copies an array's values into another in place through an index ({@code
     * target.set(new NDIndex("..."), values)}). {@link InPlace#assign} goes so where present, and
     * through the host otherwise: on PyTorch, DJL's host route prints a deprecation warning of
     * torch's.
     */
    ASSIGN("assign values in place through an index"),
    /**
     * Changes one element per row in place, picked by row and column index arrays ({@code
     * target.set(new NDIndex("{}, {}", rows, columns), values)}): {@link InPlace#addToPicked}.
     * The gradient of cross-entropy, the probabilities less one at each row's label, is made so
     * where present, instead of subtracting the labels' one-hot rows, as large as the logits.
     */
    ASSIGN_PICKED("change one element per row in place by index (cross-entropy's gradient)"),
    /** Computes in float64. */
    FLOAT64("compute in float64"),
    /** Runs DJL's optimizers ({@code Optimizer.sgd()}, {@code Optimizer.adam()}), which use fused native updates. */
    OPTIMIZER_UPDATES("run DJL's optimizer updates (SGD, Adam)");

    private final String description;

    Capability(String description) {
        this.description = description;
    }

    /** What the capability lets an engine do, as a verb phrase ("record gradients ..."). */
    public String description() {
        return description;
    }
}
