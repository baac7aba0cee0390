package dev.d2l.rnn.model;

import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import dev.d2l.rnn.engine.Capabilities;
import dev.d2l.rnn.engine.Capability;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * d2l's concise language model (8.6): a {@link RecurrentLayer} over one-hot tokens and a
 * linear layer from its output to the vocabulary; optionally, as PyTorch's word_language_model,
 * a learned embedding of the tokens instead of one-hot vectors, dropout, and the embedding tied
 * to the linear layer's weight (see {@link #builder}).
 *
 * <p>As a DJL block its input is the tokens (batch, steps), optionally followed by the state
 * (see {@link RecurrentLayer}; zeros when absent). Its output is the logits (steps * batch,
 * vocabulary) in step-major order, the order of the labels {@code Y.T.reshape(-1)}, followed by
 * the new state when a state came in: without one it fits DJL's losses, and DJL's
 * {@code Trainer} trains it. It initializes, reports its output shapes, and saves and loads its
 * parameters on any engine from any engine. The linear layer's weight (vocabulary, outputs) and
 * bias are drawn as torch's {@code nn.Linear} draws them, U(-1/sqrt(outputs), 1/sqrt(outputs));
 * with an embedding, the embedding (vocabulary, size) and the linear weight as word_language_model
 * draws them, U(-0.1, 0.1), and the bias zero; all from the model's seed: a model built the same
 * way starts from the same numbers on every engine. Its
 * written-out BPTT ({@link #bptt}) trains it where the engine records no gradients (TensorFlow).
 *
 * <p>Dropout applies while training only ({@link #trainingForward}, {@link #bptt(NDArray,
 * NDArray, NDList, long)}, and the block's forward pass with {@code training} set), to the
 * layer's input, between its layers and to its output, as word_language_model places it. Its
 * masks are drawn in Java from the seed and the minibatch's number, so every engine uses the
 * same ones; {@link #forward} never drops.
 *
 * <p>{@link #initialize} in float64 gives a float64 model (for gradient checks).
 */
public final class RNNModel extends AbstractBlock implements BpttModel {

    private static final byte VERSION = 1;
    private static final String EMBEDDING = "embedding_weight";
    private static final String WEIGHT = "linear_weight";
    private static final String BIAS = "linear_bias";
    private static final double EMBEDDING_BOUND = 0.1;

    private final RecurrentLayer rnn;
    private final int vocabSize;
    private final long seed;
    private final int embeddingSize;
    private final double dropout;
    private final Parameter embedding;
    private final Parameter weight;
    private final Parameter bias;
    /** Numbers the block's own training passes (DJL's {@code Trainer}), for their dropout masks. */
    private final AtomicLong blockPasses = new AtomicLong();

    /**
     * The model over {@code rnn} with one-hot inputs, predicting {@code vocabSize} tokens (for example a {@code Vocab}'s size).
     *
     * @param seed seed of the linear layer's initial weights
     * @throws IllegalArgumentException if the vocabulary is empty
     */
    public RNNModel(RecurrentLayer rnn, long vocabSize, long seed) {
        this(builder(rnn, vocabSize).optSeed(seed));
    }

    private RNNModel(Builder b) {
        super(VERSION);
        if (b.vocabSize < 1) {
            throw new IllegalArgumentException("The vocabulary must not be empty, got size " + b.vocabSize);
        }
        if (b.embeddingSize < 0) {
            throw new IllegalArgumentException("The embedding size must be zero (one-hot inputs) or more, got " + b.embeddingSize);
        }
        if (!(b.dropout >= 0 && b.dropout < 1)) {
            throw new IllegalArgumentException("The dropout probability must be in [0, 1), got " + b.dropout);
        }
        if (b.tie && b.embeddingSize != b.rnn.outputSize()) {
            throw new IllegalArgumentException("Tying the embedding to the output weights needs an embedding of the layer's "
                    + "output size, " + b.rnn.outputSize() + ", got " + (b.embeddingSize == 0 ? "none" : b.embeddingSize));
        }
        this.vocabSize = Math.toIntExact(b.vocabSize);
        this.seed = b.seed;
        this.embeddingSize = b.embeddingSize;
        this.dropout = b.dropout;
        embedding = b.embeddingSize == 0 ? null : addParameter(Parameter.builder()
                .setName(EMBEDDING)
                .setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(vocabSize, b.embeddingSize))
                .optInitializer(new SeededUniform(seed, EMBEDDING, EMBEDDING_BOUND))
                .build());
        this.rnn = addChildBlock("rnn", b.rnn);
        // With an embedding, the decoder starts as word_language_model's does: U(-0.1, 0.1) and a zero bias.
        double bound = embedding == null ? 1 / Math.sqrt(rnn.outputSize()) : EMBEDDING_BOUND;
        weight = b.tie ? embedding : addParameter(Parameter.builder()
                .setName(WEIGHT)
                .setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(vocabSize, rnn.outputSize()))
                .optInitializer(new SeededUniform(seed, WEIGHT, bound))
                .build());
        bias = addParameter(Parameter.builder()
                .setName(BIAS)
                .setType(Parameter.Type.BIAS)
                .optShape(new Shape(vocabSize))
                .optInitializer(new SeededUniform(seed, BIAS, embedding == null ? bound : 0))
                .build());
    }

    /** A builder of the model over {@code rnn} predicting {@code vocabSize} tokens: one-hot inputs, no dropout, seed 0. */
    public static Builder builder(RecurrentLayer rnn, long vocabSize) {
        return new Builder(rnn, vocabSize);
    }

    /** Builds and initializes the model in {@code manager} (float32), ready to run. */
    public static RNNModel create(NDManager manager, RecurrentLayer rnn, long vocabSize, long seed) {
        return builder(rnn, vocabSize).optSeed(seed).create(manager);
    }

    /** The recurrent layer. */
    public RecurrentLayer recurrentLayer() {
        return rnn;
    }

    @Override
    public int vocabSize() {
        return vocabSize;
    }

    /** The embedding size, or 0 for one-hot inputs. */
    public int embeddingSize() {
        return embeddingSize;
    }

    /** The dropout probability while training. */
    public double dropout() {
        return dropout;
    }

    /** Whether the embedding and the linear layer share their weight. */
    public boolean tied() {
        return embedding != null && weight == embedding;
    }

    /**
     * Where the layer runs the engine's fused recurrent op: its backward pass then runs inside
     * the engine as well, 3-4 times faster on MXNet than BPTT (on PyTorch the two
     * were within 5%). Through the portable layer BPTT, batched over all steps,
     * is taken, as for the scratch RNN, where it beat autograd on every engine.
     */
    @Override
    public boolean prefersAutograd(Engine engine) {
        return rnn.path(engine).fused();
    }

    @Override
    public NDList beginState(NDManager manager, int batchSize) {
        return rnn.beginState(manager, batchSize, bias.getArray().getDataType());
    }

    @Override
    public Output forward(NDArray tokens, NDList state) {
        NDList out = run(tokens, state, rnn.parameterArrays(), embeddingArray(), weight.getArray(), bias.getArray(), null);
        return new Output(out.head(), out.subNDList(1));
    }

    @Override
    public Output trainingForward(NDArray tokens, NDList state, long minibatch) {
        NDList out = run(tokens, state, rnn.parameterArrays(), embeddingArray(), weight.getArray(), bias.getArray(),
                masks(tokens, minibatch));
        return new Output(out.head(), out.subNDList(1));
    }

    /**
     * The embedding (if any), the recurrent layer's parameters by their DJL names, then {@code
     * linear_weight} (unless tied to the embedding) and {@code linear_bias}.
     */
    @Override
    public Map<String, NDArray> parameters() {
        Map<String, NDArray> all = new LinkedHashMap<>();
        if (embedding != null) {
            all.put(EMBEDDING, embedding.getArray());
        }
        for (Pair<String, Parameter> pair : rnn.getDirectParameters()) {
            all.put(pair.getKey(), pair.getValue().getArray());
        }
        if (!tied()) {
            all.put(WEIGHT, weight.getArray());
        }
        all.put(BIAS, bias.getArray());
        return all;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape tokens = inputShapes[0];
        Shape logits = new Shape(tokens.get(1) * tokens.get(0), vocabSize);
        if (inputShapes.length == 1) {
            return new Shape[] {logits};
        }
        Shape[] layer = rnn.getOutputShapes(new Shape[] {new Shape(tokens.get(1), tokens.get(0), inputSize())});
        layer[0] = logits;
        return layer;
    }

    /** Initializes the parameters; on an engine that records no gradients (TensorFlow) they are frozen. */
    @Override
    public void initialize(NDManager manager, DataType dataType, Shape... inputShapes) {
        RecurrentLayer.freezeWithoutAutograd(this, manager.getEngine());
        super.initialize(manager, dataType, inputShapes);
    }

    /** Loads the parameters; on an engine that records no gradients (TensorFlow) they are frozen. */
    @Override
    public void loadParameters(NDManager manager, DataInputStream is) throws IOException, MalformedModelException {
        RecurrentLayer.freezeWithoutAutograd(this, manager.getEngine());
        super.loadParameters(manager, is);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape tokens = inputShapes[0];
        rnn.initialize(manager, dataType, new Shape(tokens.get(1), tokens.get(0), inputSize()));
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray tokens = inputs.head();
        NDList rnnWeights = new NDList();
        for (Parameter parameter : rnn.getDirectParameters().values()) {
            rnnWeights.add(parameterStore.getValue(parameter, tokens.getDevice(), training));
        }
        NDArray e = embedding == null ? null : parameterStore.getValue(embedding, tokens.getDevice(), training);
        NDArray w = tied() ? e : parameterStore.getValue(weight, tokens.getDevice(), training);
        NDArray b = parameterStore.getValue(bias, tokens.getDevice(), training);
        Masks masks = training ? masks(tokens, blockPasses.getAndIncrement()) : null;
        if (inputs.size() > 1) {
            return run(tokens, inputs.subNDList(1), rnnWeights, e, w, b, masks);
        }
        NDList state = rnn.beginState(tokens.getManager(), tokens.getShape().get(0), b.getDataType());
        return new NDList(run(tokens, state, rnnWeights, e, w, b, masks).head());
    }

    /**
     * Backpropagation through time written out (d2l 8.7), for TensorFlow, which records no
     * gradients, and selectable on every engine; without dropout. See {@link #bptt(NDArray,
     * NDArray, NDList, long)}.
     */
    @Override
    public Step<NDList> bptt(NDArray tokens, NDArray labels, NDList state) {
        return bptt(tokens, labels, state, null);
    }

    /**
     * Backpropagation through time written out (d2l 8.7), with this minibatch's dropout masks.
     * Batched as in {@link RNNModelScratch#bptt}: the head, the embedding, and per layer and
     * direction the input projection and every weight and bias gradient, are one product over
     * all steps * batch rows; only the recurrence runs step by step. Every cell, layer count and
     * direction is covered. The incoming state is a constant, which truncates the gradient at the
     * minibatch boundary exactly as detaching it does. The embedding's gradient is the product of
     * the one-hot rows with the gradient of its output, on every engine; a tied weight gets the
     * sum of its two gradients.
     *
     * <p>It always runs the portable layer's math, whichever path {@link #forward} takes on this
     * engine; the two agree within 1e-5.
     */
    @Override
    public Step<NDList> bptt(NDArray tokens, NDArray labels, NDList state, long minibatch) {
        return bptt(tokens, labels, state, masks(tokens, minibatch));
    }

    private Step<NDList> bptt(NDArray tokens, NDArray labels, NDList state, Masks masks) {
        NDArray w = weight.getArray();
        NDList rnnWeights = rnn.parameterArrays();
        NDArray e = embeddingArray();
        NDArray oneHotRows = e == null ? null : oneHot(tokens, e.getDataType()).reshape(-1, vocabSize);
        NDArray input = input(tokens, e, w.getDataType());
        NDArray droppedInput = masks == null ? input : input.mul(masks.input);
        RecurrenceTrace trace = rnn.trace(droppedInput, state, rnnWeights, masks == null ? null : masks.between);
        NDArray flat = flatten(trace.result().head());
        NDArray outputMask = masks == null ? null : masks.output.reshape(flat.getShape());
        NDArray dropped = masks == null ? flat : flat.mul(outputMask);
        NDArray logits = head(dropped, w, bias.getArray());
        CrossEntropy.Differentiated crossEntropy = CrossEntropy.differentiate(logits, labels);
        HeadGradients head = headGradients(crossEntropy, dropped, w);
        NDArray dDropped = head.features();
        NDList layerGradients = rnn.gradients(trace, rnnWeights, masks == null ? dDropped : dDropped.mul(outputMask), e != null);
        Map<String, NDArray> gradients = new LinkedHashMap<>();
        NDArray headWeight = head.weight();
        if (e != null) {
            NDArray dInput = layerGradients.get(layerGradients.size() - 1);
            if (masks != null) {
                dInput = dInput.mul(masks.input.reshape(dInput.getShape()));
            }
            NDArray dEmbedding = oneHotRows.transpose().matMul(dInput);
            gradients.put(EMBEDDING, tied() ? dEmbedding.add(headWeight) : dEmbedding);
        }
        int i = 0;
        for (String name : rnn.getDirectParameters().keys()) {
            gradients.put(name, layerGradients.get(i++));
        }
        if (!tied()) {
            gradients.put(WEIGHT, headWeight);
        }
        gradients.put(BIAS, head.bias());
        return new Step<>(crossEntropy.loss(), gradients, trace.result().subNDList(1));
    }

    /**
     * The training loss with the linear layer's gradients written out: the engine records the
     * layer (and the embedding) up to the head's input; the head, the cross-entropy and their
     * gradients are computed as in {@link #bptt}, off the record; and autograd differentiates
     * the head input times its gradient, which passes that gradient on to the layer. A word-level
     * head is the largest part of the model: written out it skips the recorded softmax's
     * backward pass and the gradient of the pick, each a pass over every logit, and runs
     * faster (examples/README.md, "Word level"). A tied weight gets its head gradient from
     * autograd, through the embedding's product with it. Where the engine cannot change the
     * labels' elements in place ({@link Capability#ASSIGN_PICKED}) everything is recorded
     * instead: the gradient would need the labels' one-hot rows, and on MXNet the written-out
     * head ran slower than its recorded one.
     */
    @Override
    public Step<NDList> trainingLoss(NDArray tokens, NDArray labels, NDList state, long minibatch) {
        if (!Capabilities.of(tokens.getManager().getEngine()).has(Capability.ASSIGN_PICKED)) {
            return BpttModel.super.trainingLoss(tokens, labels, state, minibatch);
        }
        NDArray w = weight.getArray();
        NDList out = features(tokens, state, rnn.parameterArrays(), embeddingArray(), w.getDataType(),
                masks(tokens, minibatch));
        NDArray features = out.head();
        NDArray fixedFeatures = features.stopGradient();
        NDArray fixedWeight = w.stopGradient();
        CrossEntropy.Differentiated crossEntropy =
                CrossEntropy.differentiate(head(fixedFeatures, fixedWeight, bias.getArray().stopGradient()), labels);
        HeadGradients head = headGradients(crossEntropy, fixedFeatures, fixedWeight);
        NDArray remainder = features.mul(head.features()).sum();
        Map<String, NDArray> written = new LinkedHashMap<>();
        if (tied()) {
            remainder = remainder.add(embedding.getArray().mul(head.weight()).sum());
        } else {
            written.put(WEIGHT, head.weight());
        }
        written.put(BIAS, head.bias());
        return Step.partly(crossEntropy.loss(), written, remainder, out.subNDList(1));
    }

    /**
     * The gradients of the head's input, weight and bias, given the cross-entropy's and the
     * head's input and weight. The mean's 1/N is applied to the products' smaller operands and
     * results, not to the logits' gradient, which is 18 times larger at a word-level vocabulary.
     */
    private HeadGradients headGradients(CrossEntropy.Differentiated crossEntropy, NDArray features, NDArray w) {
        NDArray dSum = crossEntropy.dSum();
        long rows = crossEntropy.rows();
        NDManager manager = dSum.getManager();
        NDArray dFeatures = RowProduct.times(w, manager, rnn.fusedLinear(manager.getEngine())).apply(dSum).divi(rows);
        return new HeadGradients(dFeatures, dSum.transpose().matMul(features.div(rows)), dSum.sum(new int[] {0}).divi(rows));
    }

    private record HeadGradients(NDArray features, NDArray weight, NDArray bias) {}

    private NDList run(NDArray tokens, NDList state, NDList rnnWeights, NDArray e, NDArray w, NDArray b, Masks masks) {
        NDList out = features(tokens, state, rnnWeights, e, b.getDataType(), masks);
        NDList result = new NDList(head(out.head(), w, b));
        result.addAll(out.subNDList(1));
        return result;
    }

    /** The head's input, (steps * batch, features) step-major, with dropout if masked, followed by the new state. */
    private NDList features(NDArray tokens, NDList state, NDList rnnWeights, NDArray e, DataType dataType, Masks masks) {
        NDArray input = input(tokens, e, dataType);
        NDList out = masks == null
                ? rnn.run(input, state, rnnWeights)
                : rnn.run(input.mul(masks.input), state, rnnWeights, masks.between);
        NDArray flat = flatten(out.head());
        if (masks != null) {
            flat = flat.mul(masks.output.reshape(flat.getShape()));
        }
        NDList result = new NDList(flat);
        result.addAll(out.subNDList(1));
        return result;
    }

    /**
     * The layer's input (steps, batch, features): the tokens' embedding rows, looked up by DJL's
     * embedding op where the engine has it ({@link Capability#GATHER}) and as one-hot rows times the
     * embedding elsewhere; without an embedding, the one-hot vectors themselves. (An indexed {@code
     * get} looks the rows up as well, but PyTorch adds up its gradient in an order that changes from
     * one process to the next, so the same run did not end on the same numbers twice.)
     */
    private NDArray input(NDArray tokens, NDArray e, DataType dataType) {
        if (e == null) {
            return oneHot(tokens, dataType);
        }
        long steps = tokens.getShape().get(1);
        long batch = tokens.getShape().get(0);
        NDArray rows;
        if (Capabilities.of(e.getManager().getEngine()).has(Capability.GATHER)) {
            rows = Embedding.embedding(indices(tokens).transpose().reshape(-1), e, SparseFormat.DENSE).singletonOrThrow();
        } else {
            rows = oneHot(tokens, e.getDataType()).reshape(steps * batch, vocabSize).matMul(e);
        }
        return rows.reshape(steps, batch, embeddingSize);
    }

    /** This minibatch's masks, or null without dropout. */
    private Masks masks(NDArray tokens, long minibatch) {
        if (dropout == 0) {
            return null;
        }
        NDManager manager = tokens.getManager();
        DataType type = bias.getArray().getDataType();
        long steps = tokens.getShape().get(1);
        long batch = tokens.getShape().get(0);
        DropoutMasks draw = new DropoutMasks(seed, minibatch, dropout);
        NDArray input = draw.next(manager, new Shape(steps, batch, inputSize()), type);
        NDList between = null;
        if (rnn.layers() > 1) {
            between = new NDList(rnn.layers() - 1);
            for (int layer = 0; layer < rnn.layers() - 1; layer++) {
                between.add(draw.next(manager, new Shape(steps, batch, rnn.outputSize()), type));
            }
        }
        NDArray output = draw.next(manager, new Shape(steps, batch, rnn.outputSize()), type);
        return new Masks(input, between, output);
    }

    private record Masks(NDArray input, NDList between, NDArray output) {}

    private int inputSize() {
        return embedding == null ? vocabSize : embeddingSize;
    }

    private NDArray embeddingArray() {
        return embedding == null ? null : embedding.getArray();
    }

    private static NDArray indices(NDArray tokens) {
        if (tokens.getShape().dimension() != 2) {
            throw new IllegalArgumentException("Tokens must be (batch, steps), got " + tokens.getShape());
        }
        return tokens.getDataType().isInteger() ? tokens : tokens.toType(DataType.INT32, false);
    }

    /** Tokens (batch, steps) as one-hot vectors (steps, batch, vocabulary). */
    private NDArray oneHot(NDArray tokens, DataType dataType) {
        return indices(tokens).transpose().oneHot(vocabSize).toType(dataType, false);
    }

    /** The layer's output (steps, batch, features) as step-major rows (steps * batch, features). */
    private NDArray flatten(NDArray hidden) {
        return hidden.reshape(hidden.getShape().get(0) * hidden.getShape().get(1), rnn.outputSize());
    }

    private NDArray head(NDArray flat, NDArray w, NDArray b) {
        return RowProduct.timesTransposed(w, flat.getManager(), rnn.fusedLinear(flat.getManager().getEngine()))
                .apply(flat, b);
    }

    /** Builds an {@link RNNModel}. */
    public static final class Builder {
        private final RecurrentLayer rnn;
        private final long vocabSize;
        private long seed;
        private int embeddingSize;
        private double dropout;
        private boolean tie;

        private Builder(RecurrentLayer rnn, long vocabSize) {
            this.rnn = java.util.Objects.requireNonNull(rnn, "rnn");
            this.vocabSize = vocabSize;
        }

        /** Seed of the initial weights and of the dropout masks (default 0). */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** A learned embedding of {@code size} features per token instead of one-hot inputs; 0 (the default): one-hot. */
        public Builder optEmbedding(int size) {
            this.embeddingSize = size;
            return this;
        }

        /** Dropout with probability {@code p} in [0, 1) while training (default 0). */
        public Builder optDropout(double p) {
            this.dropout = p;
            return this;
        }

        /** Whether the linear layer uses the embedding as its weight; needs an embedding of the layer's output size. */
        public Builder optTie(boolean tie) {
            this.tie = tie;
            return this;
        }

        /**
         * The model, not yet initialized.
         *
         * @throws IllegalArgumentException for an empty vocabulary, a negative embedding size, a
         *     dropout outside [0, 1), or a tie without an embedding of the layer's output size
         */
        public RNNModel build() {
            return new RNNModel(this);
        }

        /** The model, initialized in {@code manager} (float32), ready to run. */
        public RNNModel create(NDManager manager) {
            RNNModel model = build();
            model.initialize(manager, DataType.FLOAT32, new Shape(1, 1));
            return model;
        }
    }
}
