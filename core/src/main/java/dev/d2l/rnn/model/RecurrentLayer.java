package dev.d2l.rnn.model;

import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.d2l.rnn.engine.Capabilities;
import dev.d2l.rnn.engine.Capability;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.function.BiConsumer;

/**
 * A stack of recurrent layers (RNN, GRU or LSTM; one or two directions) as a DJL block, with
 * DJL's parameter names, shapes and gate order. It runs the engine's fused op where the
 * capability probe found it right for this configuration, and the portable layer (plain
 * NDArray operations) everywhere else: see {@link RecurrentPaths#path}.
 *
 * <p>Time-major, as in d2l: the input is (steps, batch, features), the output (steps, batch,
 * directions * hidden). The block's inputs are the input and optionally the state, one array
 * for RNN and GRU, h and c for LSTM, each (layers * directions, batch, hidden); zeros when
 * absent. Its outputs are the output and the final state in the same form. Shapes are checked
 * before anything reaches native code.
 *
 * <p>The path is settled when the layer is initialized or loaded, and kept: normally outside a
 * gradient collector, where the probe can try the fused op both outside and inside one; a layer
 * initialized inside one runs the portable math until a later forward pass settles it. (On PyTorch,
 * initialize on the thread that loaded the engine: DJL turns torch's grad mode off on that
 * thread only, and only there, outside a collector, is the fused LSTM wrong.)
 *
 * <p>Its parameters ask for gradients, as every DJL block's do, so DJL's {@code Trainer}
 * trains it; on an engine that records no gradients (TensorFlow) they are initialized frozen.
 */
public final class RecurrentLayer extends AbstractBlock {

    private static final byte VERSION = 1;

    private final LayerSpec spec;
    private final RecurrentPath forcedPath;
    /** How the layer computes on the engine it was settled on; null until then. */
    private volatile Implementation settled;
    /** As {@link #settled}, for one layer of this cell and direction count (dropout between layers). */
    private volatile Implementation settledSingle;

    private RecurrentLayer(Builder builder) {
        super(VERSION);
        spec = new LayerSpec(builder.cell, builder.hiddenSize, builder.layers, builder.bidirectional);
        forcedPath = builder.path;
        double bound = 1 / Math.sqrt(spec.hiddenSize());
        for (LayerParameter key : LayerParameter.inBlockOrder(spec.layers(), spec.directions())) {
            addParameter(Parameter.builder()
                    .setName(key.name())
                    .setType(key.kind().type())
                    .optInitializer(new SeededUniform(builder.seed, key.name(), bound))
                    .build());
        }
    }

    /** A builder; cell and hidden size are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The cell every layer uses. */
    public RecurrentCell cell() {
        return spec.cell();
    }

    /** The size H of each direction's hidden state. */
    public int hiddenSize() {
        return spec.hiddenSize();
    }

    /** How many layers are stacked. */
    public int layers() {
        return spec.layers();
    }

    /** Whether every layer also runs backwards over the sequence. */
    public boolean bidirectional() {
        return spec.bidirectional();
    }

    /** The features of the output: hidden size times directions. */
    public int outputSize() {
        return spec.hiddenSize() * spec.directions();
    }

    /** How this layer computes on {@code engine}: the forced path, or the probe's choice. */
    public RecurrentPath path(Engine engine) {
        Implementation current = settled;
        if (current != null && current.engine().equals(engine.getEngineName())) {
            return current.path();
        }
        return forcedPath != null
                ? forcedPath
                : RecurrentPaths.of(engine).path(spec.cell(), spec.layers(), spec.bidirectional());
    }

    /** Zero states for {@code batch} sequences: one array, or h and c for LSTM. */
    public NDList beginState(NDManager manager, long batch, DataType dataType) {
        NDList state = new NDList(spec.cell().states());
        for (int i = 0; i < spec.cell().states(); i++) {
            state.add(manager.zeros(spec.stateShape(batch), dataType));
        }
        return state;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape x = inputShapes[0];
        Shape[] shapes = new Shape[1 + spec.cell().states()];
        shapes[0] = new Shape(x.get(0), x.get(1), outputSize());
        for (int i = 1; i < shapes.length; i++) {
            shapes[i] = spec.stateShape(x.get(1));
        }
        return shapes;
    }

    /**
     * Initializes the parameters and, unless a path was forced, settles this configuration's path
     * on the engine, and that of one of its layers (dropout between layers runs them one at a time).
     */
    @Override
    public void initialize(NDManager manager, DataType dataType, Shape... inputShapes) {
        freezeWithoutAutograd(this, manager.getEngine());
        super.initialize(manager, dataType, inputShapes);
        settlePaths(manager.getEngine());
    }

    @Override
    protected void prepare(Shape[] inputShapes) {
        if (inputShapes[0].dimension() != 3) {
            throw new IllegalArgumentException(
                    "A recurrent layer's input is (steps, batch, features), got " + inputShapes[0]);
        }
        long inputSize = inputShapes[0].get(2);
        forEachParameter((parameter, key) -> parameter.setShape(key.shape(spec, inputSize)));
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.head();
        NDList weights = new NDList(parameters.size());
        for (Parameter parameter : parameters.values()) {
            weights.add(parameterStore.getValue(parameter, x.getDevice(), training));
        }
        NDList state = inputs.size() > 1
                ? inputs.subNDList(1)
                : beginState(x.getManager(), x.getShape().get(1), x.getDataType());
        return run(x, state, weights);
    }

    @Override
    public void loadParameters(NDManager manager, DataInputStream is) throws IOException, MalformedModelException {
        freezeWithoutAutograd(this, manager.getEngine());
        super.loadParameters(manager, is);
        LayerParameter firstInput = new LayerParameter(0, 0, LayerParameter.Product.I2H, LayerParameter.Kind.WEIGHT);
        long inputSize = parameters.get(firstInput.name()).getArray().getShape().get(1);
        StringBuilder mismatches = new StringBuilder();
        forEachParameter((parameter, key) -> {
            Shape expected = key.shape(spec, inputSize);
            Shape actual = parameter.getArray().getShape();
            if (!expected.equals(actual)) {
                mismatches.append(' ').append(parameter.getName()).append(' ').append(actual)
                        .append(" (expected ").append(expected).append(')');
            }
        });
        if (mismatches.length() > 0) {
            throw new MalformedModelException("The saved parameters do not fit a " + describe() + ":" + mismatches);
        }
        settlePaths(manager.getEngine());
    }

    /**
     * Settles the paths while no gradient collector is open, where the probe can decide them: a
     * path first asked for in training would run the portable math, and probe again, every step.
     */
    private void settlePaths(Engine engine) {
        implementation(engine);
        if (spec.layers() > 1) {
            singleLayer(engine);
        }
    }

    /**
     * Freezes {@code block}'s parameters where {@code engine} cannot record gradients, before
     * they are initialized or loaded: asking such an engine's arrays for gradients fails, and so
     * does telling them not to (TensorFlow's "Not implemented"), hence only parameters not yet
     * frozen.
     */
    static void freezeWithoutAutograd(AbstractBlock block, Engine engine) {
        if (!Capabilities.of(engine).has(Capability.AUTOGRAD)) {
            for (Parameter parameter : block.getParameters().values()) {
                if (parameter.requiresGradient()) {
                    parameter.freeze(true);
                }
            }
        }
    }

    /** Runs the layer with the given parameter arrays (in DJL's block order), after checking shapes. */
    NDList run(NDArray x, NDList state, NDList weights) {
        checkShapes(x, state, weights.head().getShape().get(1));
        return implementation(x.getManager().getEngine()).forward().apply(x, state, weights);
    }

    /**
     * Runs the layer with every layer's output but the last multiplied by a mask (dropout between
     * layers, as torch's {@code dropout} argument places it), one layer at a time: on the path the
     * probe chose for a single layer of this cell, so the masks are the caller's on every engine.
     *
     * @param between {@code layers - 1} masks of shape (steps, batch, directions * hidden), or
     *     null for none
     */
    NDList run(NDArray x, NDList state, NDList weights, NDList between) {
        if (between == null || spec.layers() == 1) {
            return run(x, state, weights);
        }
        checkShapes(x, state, weights.head().getShape().get(1));
        int directions = spec.directions();
        int perLayer = LayerParameter.count(1, directions);
        Recurrence single = singleLayer(x.getManager().getEngine());
        NDList[] finals = new NDList[state.size()];
        for (int i = 0; i < finals.length; i++) {
            finals[i] = new NDList(spec.layers());
        }
        NDArray input = x;
        for (int layer = 0; layer < spec.layers(); layer++) {
            NDList slice = new NDList(state.size());
            for (NDArray s : state) {
                slice.add(s.get(new NDIndex("{}:{}", layer * directions, (layer + 1) * directions)));
            }
            NDList out = single.apply(input, slice, weights.subNDList(layer * perLayer, (layer + 1) * perLayer));
            for (int i = 0; i < finals.length; i++) {
                finals[i].add(out.get(1 + i));
            }
            input = layer < spec.layers() - 1 ? out.head().mul(between.get(layer)) : out.head();
        }
        NDList result = new NDList(input);
        for (NDList f : finals) {
            result.add(NDArrays.concat(f, 0));
        }
        return result;
    }

    /**
     * The portable layer's forward pass, whatever this engine's path, keeping what {@link
     * #gradients} needs. The paths agree within 1e-5.
     *
     * @param between masks between layers as for {@link #run(NDArray, NDList, NDList, NDList)}, or null
     */
    RecurrenceTrace trace(NDArray x, NDList state, NDList weights, NDList between) {
        checkShapes(x, state, weights.head().getShape().get(1));
        return implementation(x.getManager().getEngine()).portable().trace(x, state, weights, between);
    }

    /**
     * The gradients of the parameters (block order) given the loss's gradient with respect to
     * the output, (steps * batch, directions * hidden), of a {@link #trace}d forward pass; with
     * {@code inputGradient}, followed by the gradient with respect to the input, (steps * batch,
     * features).
     */
    NDList gradients(RecurrenceTrace trace, NDList weights, NDArray dOutput, boolean inputGradient) {
        return implementation(dOutput.getManager().getEngine()).bptt().gradients(trace, weights, dOutput, inputGradient);
    }

    /** Whether this layer's products on {@code engine} go through the fused linear operator ({@link RowProduct}). */
    boolean fusedLinear(Engine engine) {
        return implementation(engine).fusedLinear();
    }

    NDList parameterArrays() {
        NDList arrays = new NDList(parameters.size());
        for (Parameter parameter : parameters.values()) {
            arrays.add(parameter.getArray());
        }
        return arrays;
    }

    /** For messages: "recurrent layer (GRU, 2 layers, hidden 256, bidirectional)". */
    String describe() {
        return "recurrent layer (" + spec.cell() + ", " + spec.layers() + (spec.layers() == 1 ? " layer" : " layers")
                + ", hidden " + spec.hiddenSize() + (spec.bidirectional() ? ", bidirectional)" : ")");
    }

    /** The path settled for one of this stack's layers (dropout between layers), or null while unsettled. */
    RecurrentPath singleLayerPath() {
        Implementation current = settledSingle;
        return current == null ? null : current.path();
    }

    /** One layer of this cell and direction count, on the path the probe chose for that. */
    private Recurrence singleLayer(Engine engine) {
        Implementation current = settledSingle;
        if (current != null && current.engine().equals(engine.getEngineName())) {
            return current.forward();
        }
        Implementation implementation = settle(engine,
                new LayerSpec(spec.cell(), spec.hiddenSize(), 1, spec.bidirectional()));
        if (implementation.decided()) {
            settledSingle = implementation;
        }
        return implementation.forward();
    }

    /**
     * How this layer computes on {@code engine}: settled once and kept, unless the path cannot be
     * decided yet (a gradient collector is open), when the portable math runs and the next call
     * tries again.
     */
    private Implementation implementation(Engine engine) {
        Implementation current = settled;
        if (current != null && current.engine().equals(engine.getEngineName())) {
            return current;
        }
        Implementation implementation = settle(engine, spec);
        if (implementation.decided()) {
            settled = implementation;
        }
        return implementation;
    }

    private Implementation settle(Engine engine, LayerSpec of) {
        RecurrentPath path = forcedPath != null
                ? forcedPath
                : RecurrentPaths.of(engine).decide(of.cell(), of.layers(), of.bidirectional());
        boolean fusedLinear = RowProduct.fusedLinearOn(engine);
        PortableRecurrence portable = new PortableRecurrence(of, fusedLinear);
        Recurrence forward = path != null && path.fused() ? new FusedRecurrence(of, path) : portable;
        return new Implementation(engine.getEngineName(),
                path == null ? RecurrentPath.PORTABLE : path, path != null, fusedLinear, forward, portable,
                new RecurrenceBptt(of, fusedLinear));
    }

    private void checkShapes(NDArray x, NDList state, long inputSize) {
        Shape shape = x.getShape();
        if (shape.dimension() != 3 || shape.get(2) != inputSize) {
            throw new IllegalArgumentException("The input of this " + describe() + " must be (steps, batch, "
                    + inputSize + "), got " + shape);
        }
        int expectedStates = spec.cell().states();
        if (state.size() != expectedStates) {
            throw new IllegalArgumentException(spec.cell() + " takes " + expectedStates
                    + (expectedStates == 1 ? " state array (h)" : " state arrays (h, c)") + ", got " + state.size());
        }
        Shape expected = spec.stateShape(shape.get(1));
        for (int i = 0; i < expectedStates; i++) {
            NDArray s = state.get(i);
            String which = i == 0 ? "h" : "c";
            if (!s.getShape().equals(expected)) {
                throw new IllegalArgumentException(spec.cell() + " state " + which + " has shape " + s.getShape()
                        + ", expected (layers * directions, batch, hidden) = " + expected);
            }
            if (s.getDataType() != x.getDataType()) {
                throw new IllegalArgumentException(spec.cell() + " state " + which + " is " + s.getDataType()
                        + " but the input is " + x.getDataType());
            }
        }
    }

    /** Visits every parameter, in DJL's block order, with its key. */
    private void forEachParameter(BiConsumer<Parameter, LayerParameter> visitor) {
        int directions = spec.directions();
        Parameter[] inOrder = parameters.values().toArray(new Parameter[0]);
        for (LayerParameter key : LayerParameter.inBlockOrder(spec.layers(), directions)) {
            visitor.accept(inOrder[key.index(directions)], key);
        }
    }

    /** What a layer settled on for one engine: its path, and how its portable math and backward pass run there. */
    private record Implementation(String engine, RecurrentPath path, boolean decided, boolean fusedLinear, Recurrence forward,
            PortableRecurrence portable, RecurrenceBptt bptt) {}

    /** Builds a {@link RecurrentLayer}. */
    public static final class Builder {

        private RecurrentCell cell;
        private int hiddenSize;
        private int layers = 1;
        private boolean bidirectional;
        private long seed;
        private RecurrentPath path;

        private Builder() {}

        /** The cell; required. */
        public Builder setCell(RecurrentCell cell) {
            this.cell = cell;
            return this;
        }

        /** The hidden size H of each direction; required. */
        public Builder setHiddenSize(int hiddenSize) {
            this.hiddenSize = hiddenSize;
            return this;
        }

        /** How many layers to stack (default 1). */
        public Builder optLayers(int layers) {
            this.layers = layers;
            return this;
        }

        /** Whether to run each layer in both directions (default false). */
        public Builder optBidirectional(boolean bidirectional) {
            this.bidirectional = bidirectional;
            return this;
        }

        /** Seed of the initial weights, U(-1/sqrt(H), 1/sqrt(H)) as in torch (default 0). */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Always compute this way instead of the probe's choice: to compare paths or measure
         * speed. A fused path the engine gets wrong gives wrong numbers.
         */
        public Builder optPath(RecurrentPath path) {
            this.path = path;
            return this;
        }

        /** @throws IllegalArgumentException without a cell, or for a size or layer count below 1 */
        public RecurrentLayer build() {
            return new RecurrentLayer(this);
        }
    }
}
