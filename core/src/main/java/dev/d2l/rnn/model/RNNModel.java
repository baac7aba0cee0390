package dev.d2l.rnn.model;

import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * d2l's concise language model (8.6): a {@link RecurrentLayer} over one-hot tokens and a
 * linear layer from its output to the vocabulary.
 *
 * <p>As a DJL block its input is the tokens (batch, steps), optionally followed by the state
 * (see {@link RecurrentLayer}; zeros when absent). Its output is the logits (steps * batch,
 * vocabulary) in step-major order, the order of the labels {@code Y.T.reshape(-1)}, followed by
 * the new state when a state came in: without one it fits DJL's losses, and DJL's
 * {@code Trainer} trains it. It initializes, reports its output shapes, and saves and loads its
 * parameters on any engine from any engine. The linear layer's weight (vocabulary, outputs) and
 * bias are drawn as torch's {@code nn.Linear} draws them, U(-1/sqrt(outputs), 1/sqrt(outputs)),
 * from the model's seed: a model built the same way starts from the same numbers on every
 * engine. Its written-out {@link #backward} trains it where the engine records no gradients
 * (TensorFlow).
 *
 * <p>{@link #initialize} in float64 gives a float64 model (for gradient checks).
 */
public final class RNNModel extends AbstractBlock implements LanguageModel {

    private static final byte VERSION = 1;
    private static final String WEIGHT = "linear_weight";
    private static final String BIAS = "linear_bias";

    private final RecurrentLayer rnn;
    private final int vocabSize;
    private final Parameter weight;
    private final Parameter bias;

    /**
     * The model over {@code rnn}, predicting {@code vocabSize} tokens (for example a {@code Vocab}'s size).
     *
     * @param seed seed of the linear layer's initial weights
     * @throws IllegalArgumentException if the vocabulary is empty
     */
    public RNNModel(RecurrentLayer rnn, long vocabSize, long seed) {
        super(VERSION);
        if (vocabSize < 1) {
            throw new IllegalArgumentException("The vocabulary must not be empty, got size " + vocabSize);
        }
        this.rnn = addChildBlock("rnn", rnn);
        this.vocabSize = Math.toIntExact(vocabSize);
        double bound = 1 / Math.sqrt(rnn.outputSize());
        weight = addParameter(Parameter.builder()
                .setName(WEIGHT)
                .setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(vocabSize, rnn.outputSize()))
                .optInitializer(new SeededUniform(seed, WEIGHT, bound))
                .build());
        bias = addParameter(Parameter.builder()
                .setName(BIAS)
                .setType(Parameter.Type.BIAS)
                .optShape(new Shape(vocabSize))
                .optInitializer(new SeededUniform(seed, BIAS, bound))
                .build());
    }

    /** Builds and initializes the model in {@code manager} (float32), ready to run. */
    public static RNNModel create(NDManager manager, RecurrentLayer rnn, long vocabSize, long seed) {
        RNNModel model = new RNNModel(rnn, vocabSize, seed);
        model.initialize(manager, DataType.FLOAT32, new Shape(1, 1));
        return model;
    }

    /** The recurrent layer. */
    public RecurrentLayer recurrentLayer() {
        return rnn;
    }

    @Override
    public int vocabSize() {
        return vocabSize;
    }

    /**
     * Where the layer runs the engine's fused recurrent op: its backward pass then runs inside
     * the engine as well, 3-4 times faster on MXNet than the written-out pass (on PyTorch the two
     * were within 5%). Through the portable layer the written-out pass, batched over all steps,
     * is taken, as for the scratch RNN, where it beat autograd on every engine.
     */
    @Override
    public boolean prefersAutograd(Engine engine) {
        return rnn.path(engine).fused();
    }

    @Override
    public NDList beginState(NDManager manager, int batchSize) {
        return rnn.beginState(manager, batchSize, weight.getArray().getDataType());
    }

    @Override
    public Output forward(NDArray tokens, NDList state) {
        NDList out = run(tokens, state, rnn.parameterArrays(), weight.getArray(), bias.getArray());
        return new Output(out.head(), out.subNDList(1));
    }

    /** The recurrent layer's parameters by their DJL names, then {@code linear_weight} and {@code linear_bias}. */
    @Override
    public Map<String, NDArray> parameters() {
        Map<String, NDArray> all = new LinkedHashMap<>();
        for (Pair<String, Parameter> pair : rnn.getDirectParameters()) {
            all.put(pair.getKey(), pair.getValue().getArray());
        }
        all.put(WEIGHT, weight.getArray());
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
        Shape[] layer = rnn.getOutputShapes(new Shape[] {new Shape(tokens.get(1), tokens.get(0), vocabSize)});
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
        rnn.initialize(manager, dataType, new Shape(tokens.get(1), tokens.get(0), vocabSize));
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray tokens = inputs.head();
        NDList rnnWeights = new NDList();
        for (Parameter parameter : rnn.getDirectParameters().values()) {
            rnnWeights.add(parameterStore.getValue(parameter, tokens.getDevice(), training));
        }
        NDArray w = parameterStore.getValue(weight, tokens.getDevice(), training);
        NDArray b = parameterStore.getValue(bias, tokens.getDevice(), training);
        if (inputs.size() > 1) {
            return run(tokens, inputs.subNDList(1), rnnWeights, w, b);
        }
        NDList state = rnn.beginState(tokens.getManager(), tokens.getShape().get(0), w.getDataType());
        return new NDList(run(tokens, state, rnnWeights, w, b).head());
    }

    /**
     * Backpropagation through time written out (d2l 8.7), for TensorFlow, which records no
     * gradients, and selectable on every engine. Batched as in {@link RNNModelScratch#backward}:
     * the head, and per layer and direction the input projection and every weight and bias
     * gradient, are one product over all steps * batch rows; only the recurrence runs step by
     * step. Every cell, layer count and direction is covered. The incoming state is a constant,
     * which truncates the gradient at the minibatch boundary exactly as detaching it does.
     *
     * <p>It always runs the portable layer's math, whichever path {@link #forward} takes on this
     * engine; the two agree within 1e-5.
     */
    @Override
    public Backward backward(NDArray tokens, NDArray labels, NDList state) {
        NDArray w = weight.getArray();
        NDList rnnWeights = rnn.parameterArrays();
        RecurrenceTrace trace = rnn.trace(oneHot(tokens, w.getDataType()), state, rnnWeights);
        NDArray flat = flatten(trace.result().head());
        NDArray logits = head(flat, w, bias.getArray());
        long rows = logits.getShape().get(0);
        NDArray target = CrossEntropy.stepMajor(labels).oneHot(vocabSize, logits.getDataType());
        NDArray logProbabilities = logits.logSoftmax(1);
        NDArray loss = logProbabilities.mul(target).sum().div(-rows);
        NDArray dLogits = logProbabilities.exp().sub(target).div(rows);

        boolean fusedLinear = rnn.fusedLinear(tokens.getManager().getEngine());
        NDList layerGradients = rnn.gradients(trace, rnnWeights,
                RowProduct.times(w, tokens.getManager(), fusedLinear).apply(dLogits));
        Map<String, NDArray> gradients = new LinkedHashMap<>();
        int i = 0;
        for (String name : rnn.getDirectParameters().keys()) {
            gradients.put(name, layerGradients.get(i++));
        }
        gradients.put(WEIGHT, dLogits.transpose().matMul(flat));
        gradients.put(BIAS, dLogits.sum(new int[] {0}));
        return new Backward(loss, gradients, trace.result().subNDList(1));
    }

    private NDList run(NDArray tokens, NDList state, NDList rnnWeights, NDArray w, NDArray b) {
        NDList out = rnn.run(oneHot(tokens, w.getDataType()), state, rnnWeights);
        NDList result = new NDList(head(flatten(out.head()), w, b));
        result.addAll(out.subNDList(1));
        return result;
    }

    /** Tokens (batch, steps) as one-hot vectors (steps, batch, vocabulary). */
    private NDArray oneHot(NDArray tokens, DataType dataType) {
        if (tokens.getShape().dimension() != 2) {
            throw new IllegalArgumentException("Tokens must be (batch, steps), got " + tokens.getShape());
        }
        NDArray indices = tokens.getDataType().isInteger() ? tokens : tokens.toType(DataType.INT32, false);
        return indices.transpose().oneHot(vocabSize).toType(dataType, false);
    }

    /** The layer's output (steps, batch, features) as step-major rows (steps * batch, features). */
    private NDArray flatten(NDArray hidden) {
        return hidden.reshape(hidden.getShape().get(0) * hidden.getShape().get(1), rnn.outputSize());
    }

    private NDArray head(NDArray flat, NDArray w, NDArray b) {
        return RowProduct.timesTransposed(w, flat.getManager(), rnn.fusedLinear(flat.getManager().getEngine()))
                .apply(flat, b);
    }
}
