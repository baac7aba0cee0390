package dev.d2l.rnn.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * d2l 8.5's recurrent neural network from scratch: one hidden layer over one-hot inputs,
 * {@code H_t = phi(X_t W_xh + H_{t-1} W_hh + b_h)}, {@code O_t = H_t W_hq + b_q}.
 *
 * <p>Weights are drawn from N(0, 0.01^2) by a seeded Java {@link Random} and copied into the
 * engine, so every engine starts from the same numbers; biases start at zero.
 *
 * <p>Not thread-safe.
 */
public final class RNNModelScratch implements BpttModel {

    /** The hidden layer's nonlinearity phi. */
    public enum Activation {
        /** d2l's default. */
        TANH,
        /** max(0, x), a d2l exercise. */
        RELU;

        /** @throws IllegalArgumentException naming the activations */
        public static Activation parse(String name) {
            return ModelSpec.parseEnum(Activation.class, "activation", name);
        }
    }

    private final int vocabSize;
    private final int numHiddens;
    private final Activation activation;
    private final Map<String, NDArray> parameters;
    private final boolean fusedLinear;

    /**
     * @param manager owns the parameters, and decides their device
     * @param vocabSize V, for example a {@code Vocab}'s size
     * @param numHiddens H
     * @param activation phi
     * @param seed seeds the initial weights
     * @throws IllegalArgumentException if V or H is not positive
     */
    public RNNModelScratch(NDManager manager, long vocabSize, int numHiddens, Activation activation, long seed) {
        this(manager, vocabSize, numHiddens, activation, seed, DataType.FLOAT32);
    }

    /** As the public constructor, with parameters of {@code dataType} (float64 for gradient checks). */
    RNNModelScratch(NDManager manager, long vocabSize, int numHiddens, Activation activation, long seed, DataType dataType) {
        if (vocabSize <= 0 || numHiddens <= 0) {
            throw new IllegalArgumentException("Vocabulary size and hidden units must be positive, got vocabSize="
                    + vocabSize + ", numHiddens=" + numHiddens);
        }
        this.vocabSize = Math.toIntExact(vocabSize);
        this.numHiddens = numHiddens;
        this.activation = activation;
        Random random = new Random(seed);
        Map<String, NDArray> p = new LinkedHashMap<>();
        p.put("W_xh", normal(manager, random, this.vocabSize, numHiddens, dataType));
        p.put("W_hh", normal(manager, random, numHiddens, numHiddens, dataType));
        p.put("b_h", manager.zeros(new Shape(numHiddens), dataType));
        p.put("W_hq", normal(manager, random, numHiddens, this.vocabSize, dataType));
        p.put("b_q", manager.zeros(new Shape(vocabSize), dataType));
        p.forEach((name, array) -> array.setName(name));
        this.parameters = Collections.unmodifiableMap(p);
        this.fusedLinear = RowProduct.fusedLinearOn(manager.getEngine());
    }

    private static NDArray normal(NDManager manager, Random random, int rows, int cols, DataType dataType) {
        float[] values = new float[rows * cols];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextGaussian() * 0.01);
        }
        NDArray floats = manager.create(values, new Shape(rows, cols));
        if (dataType == DataType.FLOAT32) {
            return floats;
        }
        try (floats) {
            return floats.toType(dataType, true);
        }
    }

    @Override
    public int vocabSize() {
        return vocabSize;
    }

    /** H, the number of hidden units. */
    public int numHiddens() {
        return numHiddens;
    }

    /** phi. */
    public Activation activation() {
        return activation;
    }

    /** No: the batched BPTT was faster than autograd on every engine. */
    @Override
    public boolean prefersAutograd(Engine engine) {
        return false;
    }

    @Override
    public NDList beginState(NDManager manager, int batchSize) {
        return new NDList(manager.zeros(new Shape(batchSize, numHiddens)));
    }

    @Override
    public Map<String, NDArray> parameters() {
        return parameters;
    }

    @Override
    public Output forward(NDArray tokens, NDList state) {
        Trace trace = run(tokens, state);
        return new Output(trace.logits, new NDList(trace.hidden[trace.hidden.length - 1]));
    }

    /**
     * The forward pass, keeping what a backward pass needs: the one-hot inputs and every
     * hidden state. Each step is one product, {@code [X_t, H_{t-1}] [W_xh + b_h; W_hh]}: a
     * one-hot row picks exactly one row of {@code W_xh + b_h}, which is {@code X_t W_xh + b_h}.
     * The output head is one product over all steps.
     */
    Trace run(NDArray tokens, NDList state) {
        Shape shape = tokens.getShape();
        if (shape.dimension() != 2) {
            throw new IllegalArgumentException("Tokens must have shape (batch, steps), got " + shape);
        }
        int batch = Math.toIntExact(shape.get(0));
        int steps = Math.toIntExact(shape.get(1));
        Shape expected = new Shape(batch, numHiddens);
        if (state.size() != 1 || !state.get(0).getShape().equals(expected)) {
            throw new IllegalArgumentException("The scratch RNN's state must be one array of shape " + expected
                    + ", got " + state.size() + " array(s)" + (state.isEmpty() ? "" : " of shape " + state.get(0).getShape()));
        }
        NDArray inputs = tokens.transpose().reshape(-1).oneHot(vocabSize, parameters.get("W_xh").getDataType());
        // Split while V wide: MXNet took 4.4 ms to split a projected T*B x 512 array into 35 steps.
        NDList inputPerStep = inputs.split(steps);
        NDManager manager = tokens.getManager();
        // Results join their first operand's manager: keep them out of the parameters' long-lived one.
        NDArray shiftedInputWeights = parameters.get("W_xh").add(parameters.get("b_h"));
        shiftedInputWeights.attach(manager);
        NDArray weights = NDArrays.concat(new NDList(shiftedInputWeights, parameters.get("W_hh")));
        RowProduct step = RowProduct.times(weights, manager, fusedLinear);
        NDArray[] hidden = new NDArray[steps + 1];
        hidden[0] = state.get(0);
        for (int t = 0; t < steps; t++) {
            NDArray preActivation = step.apply(NDArrays.concat(new NDList(inputPerStep.get(t), hidden[t]), 1));
            // DJL's activation kernel: MXNet's NDArray.tanh is many times slower (see PortableRecurrence).
            hidden[t + 1] = activation == Activation.TANH ? ai.djl.nn.Activation.tanh(preActivation) : preActivation.maximum(0f);
        }
        NDArray outputs = NDArrays.concat(new NDList(Arrays.copyOfRange(hidden, 1, steps + 1)));
        NDArray logits = outputs.matMul(parameters.get("W_hq")).add(parameters.get("b_q"));
        return new Trace(inputs, hidden, outputs, logits);
    }

    /**
     * Backpropagation through time over one minibatch (d2l 8.7), batched: every weight
     * gradient is one product over all T*B rows; only the recurrence through W_hh, with the
     * head's gradient for each step's H_t, runs step by step. The incoming state is a constant, which
     * truncates the gradient at the minibatch boundary exactly as detaching it does.
     */
    @Override
    public Step<NDList> bptt(NDArray tokens, NDArray labels, NDList state) {
        Trace trace = run(tokens, state);
        int steps = trace.hidden.length - 1;
        CrossEntropy.Differentiated crossEntropy = CrossEntropy.differentiate(trace.logits, labels);
        NDArray dLogits = crossEntropy.dSum().divi(crossEntropy.rows());

        // Per step, from dLogits (T*B x V) rather than from a T*B x H array split into steps: a
        // split of the wide array cost MXNet more than all 35 steps' extra small products.
        NDList dLogitsPerStep = dLogits.split(steps);
        NDManager manager = tokens.getManager();
        RowProduct head = RowProduct.timesTransposed(parameters.get("W_hq"), manager, fusedLinear);
        RowProduct recurrence = RowProduct.timesTransposed(parameters.get("W_hh"), manager, fusedLinear);
        NDArray[] dPre = new NDArray[steps];
        NDArray dCarried = null;
        for (int t = steps; t >= 1; t--) {
            NDArray dOutput = head.apply(dLogitsPerStep.get(t - 1));
            NDArray dHidden = dCarried == null ? dOutput : dOutput.add(dCarried);
            NDArray h = trace.hidden[t];
            // phi'(A_t) written with H_t = phi(A_t): tanh' = 1 - H_t^2.
            dPre[t - 1] = activation == Activation.TANH
                    ? dHidden.sub(dHidden.mul(h).mul(h))
                    : dHidden.mul(h.gt(0).toType(h.getDataType(), false));
            dCarried = recurrence.apply(dPre[t - 1]);
        }
        NDArray dPreAll = NDArrays.concat(new NDList(dPre));
        NDArray previous = NDArrays.concat(new NDList(Arrays.copyOfRange(trace.hidden, 0, steps)));

        Map<String, NDArray> gradients = new LinkedHashMap<>();
        NDArray dWxh = trace.inputs.transpose().matMul(dPreAll);
        gradients.put("W_xh", dWxh);
        gradients.put("W_hh", previous.transpose().matMul(dPreAll));
        // Every one-hot row sums to one, so the rows of dW_xh add up to dPre's: 28 rows, not T*B.
        gradients.put("b_h", dWxh.sum(new int[] {0}));
        // The same product as outputs^T dLogits, with the narrow operand transposed: MXNet's
        // transpose copies, and it copied the wide one three times as slowly.
        gradients.put("W_hq", dLogits.transpose().matMul(trace.outputs).transpose());
        gradients.put("b_q", dLogits.sum(new int[] {0}));
        return new Step<>(crossEntropy.loss(), gradients, new NDList(trace.hidden[steps]));
    }

    /** What the forward pass computed, step-major: inputs (T*B, V), hidden[0..T], outputs (T*B, H), logits. */
    record Trace(NDArray inputs, NDArray[] hidden, NDArray outputs, NDArray logits) {}
}
