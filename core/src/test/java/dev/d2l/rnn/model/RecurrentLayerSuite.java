package dev.d2l.rnn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.d2l.rnn.engine.Capabilities;
import dev.d2l.rnn.engine.Capability;
import dev.d2l.rnn.testing.EngineTestBase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The recurrent layer on one engine: the probe's choice per configuration, both paths against
 * a plain-Java forward pass, the portable layer's gradients against finite differences, and
 * clear errors for badly shaped states.
 */
public abstract class RecurrentLayerSuite extends EngineTestBase {

    private static final int STEPS = 4;
    private static final int BATCH = 3;
    private static final int INPUT = 5;
    private static final int HIDDEN = 4;

    /** The path this engine takes for a configuration, as engines/README.md ("Engine facts verified here") records it. */
    protected abstract RecurrentPath expectedPath(RecurrentCell cell, int layers, boolean bidirectional);

    static Stream<Arguments> configurations() {
        List<Arguments> all = new ArrayList<>();
        for (RecurrentCell cell : RecurrentCell.values()) {
            for (int layers = 1; layers <= 2; layers++) {
                all.add(Arguments.of(cell, layers, false));
                all.add(Arguments.of(cell, layers, true));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}, {1} layer(s), bidirectional {2}")
    @MethodSource("configurations")
    void probeChoosesTheRecordedPath(RecurrentCell cell, int layers, boolean bidirectional) {
        RecurrentPaths paths = RecurrentPaths.of(engine());
        assertEquals(expectedPath(cell, layers, bidirectional), paths.path(cell, layers, bidirectional));
        assertTrue(paths.probed().containsValue(expectedPath(cell, layers, bidirectional)));
    }

    @Test
    void insideAGradientCollectorTheProbeAnswersPortableAndDecidesLater() {
        assumeTrue(Capabilities.of(engine()).has(Capability.AUTOGRAD), "the engine records no gradients");
        RecurrentPaths paths = RecurrentPaths.of(engine());
        // A configuration no other test uses, so it has not been probed yet.
        String key = "RNN (relu), 3 layers, bidirectional";
        try (GradientCollector collector = engine().newGradientCollector()) {
            assertEquals(RecurrentPath.PORTABLE, paths.path(RecurrentCell.RNN_RELU, 3, true));
        }
        assertFalse(paths.probed().containsKey(key));
        RecurrentPath expected = expectedPath(RecurrentCell.RNN_RELU, 3, true);
        assertEquals(expected, paths.path(RecurrentCell.RNN_RELU, 3, true));
        assertEquals(expected, paths.probed().get(key));
    }

    /** Dropout between layers runs them one at a time, inside training's gradient collector, where no probe can decide. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(RecurrentCell.class)
    void aStackSettlesItsSingleLayersPathWhenInitialized(RecurrentCell cell) {
        RecurrentLayer layer = layer(cell, 2, false, null);
        assertEquals(expectedPath(cell, 1, false), layer.singleLayerPath());
    }

    @ParameterizedTest(name = "{0}, {1} layer(s), bidirectional {2}")
    @MethodSource("configurations")
    void probedPathMatchesPlainJava(RecurrentCell cell, int layers, boolean bidirectional) {
        RecurrentLayer layer = layer(cell, layers, bidirectional, null);
        assertEquals(expectedPath(cell, layers, bidirectional), layer.path(engine()));
        assertMatchesReference(layer);
    }

    @ParameterizedTest(name = "{0}, {1} layer(s), bidirectional {2}")
    @MethodSource("configurations")
    void portablePathMatchesPlainJava(RecurrentCell cell, int layers, boolean bidirectional) {
        assertMatchesReference(layer(cell, layers, bidirectional, RecurrentPath.PORTABLE));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(RecurrentCell.class)
    void wronglyShapedStateIsAClearError(RecurrentCell cell) {
        RecurrentLayer layer = layer(cell, 2, false, null);
        try (NDManager m = manager().newSubManager()) {
            NDArray x = m.zeros(new Shape(STEPS, BATCH, INPUT));
            ParameterStore store = new ParameterStore(m, false);
            NDList wrongBatch = layer.beginState(m, BATCH + 1, DataType.FLOAT32);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> layer.forward(store, new NDList(x).addAll(wrongBatch), false));
            assertTrue(e.getMessage().contains("has shape (2, 4, 4), expected (layers * directions, batch, hidden) = (2, 3, 4)"),
                    e.getMessage());

            NDList oneLayer = new NDList();
            for (int i = 0; i < cell.states(); i++) {
                oneLayer.add(m.zeros(new Shape(1, BATCH, HIDDEN)));
            }
            e = assertThrows(IllegalArgumentException.class, () -> layer.forward(store, new NDList(x).addAll(oneLayer), false));
            assertTrue(e.getMessage().contains("(1, 3, 4)") && e.getMessage().contains("(2, 3, 4)"), e.getMessage());

            NDList tooMany = layer.beginState(m, BATCH, DataType.FLOAT32).addAll(layer.beginState(m, BATCH, DataType.FLOAT32));
            e = assertThrows(IllegalArgumentException.class, () -> layer.forward(store, new NDList(x).addAll(tooMany), false));
            assertTrue(e.getMessage().contains("takes " + cell.states()), e.getMessage());

            NDArray wrongFeatures = m.zeros(new Shape(STEPS, BATCH, INPUT + 1));
            e = assertThrows(IllegalArgumentException.class,
                    () -> layer.forward(store, new NDList(wrongFeatures).addAll(layer.beginState(m, BATCH, DataType.FLOAT32)), false));
            assertTrue(e.getMessage().contains("(steps, batch, 5), got (4, 3, 6)"), e.getMessage());
        }
    }

    @ParameterizedTest(name = "{0}, {1} layer(s), bidirectional {2}")
    @MethodSource("gradientConfigurations")
    void portableGradientsMatchFiniteDifferences(RecurrentCell cell, int layers, boolean bidirectional) {
        assumeTrue(Capabilities.of(engine()).has(Capability.AUTOGRAD), "the engine records no gradients");
        int steps = 3;
        int batch = 2;
        int input = 3;
        int hidden = 2;
        LayerSpec spec = new LayerSpec(cell, hidden, layers, bidirectional);
        PortableRecurrence portable = new PortableRecurrence(spec, RowProduct.fusedLinearOn(engine()));
        Random random = new Random(11);
        double[][][] x = NestedArrays.uniform(random, steps, batch, input);
        double[][][][] state = new double[cell.states()][][][];
        for (int s = 0; s < state.length; s++) {
            state[s] = NestedArrays.uniform(random, layers * spec.directions(), batch, hidden);
        }
        List<double[]> values = new ArrayList<>();
        List<Shape> shapes = new ArrayList<>();
        for (LayerParameter key : LayerParameter.inBlockOrder(layers, spec.directions())) {
            Shape shape = key.shape(spec, input);
            shapes.add(shape);
            double[] v = new double[Math.toIntExact(shape.size())];
            for (int i = 0; i < v.length; i++) {
                v[i] = 2 * random.nextDouble() - 1;
            }
            values.add(v);
        }
        // Weights for every output element, so each enters the loss differently.
        double[][] weights;
        try (NDManager m = manager().newSubManager()) {
            NDList outputs = portable.apply(NestedArrays.create(m, x, DataType.FLOAT64), states(m, state, DataType.FLOAT64),
                    parameters(m, values, shapes));
            weights = new double[outputs.size()][];
            for (int i = 0; i < weights.length; i++) {
                weights[i] = new double[Math.toIntExact(outputs.get(i).size())];
                for (int j = 0; j < weights[i].length; j++) {
                    weights[i][j] = 2 * random.nextDouble() - 1;
                }
            }
        }
        double[][] analytic = new double[values.size()][];
        try (NDManager m = manager().newSubManager()) {
            NDList params = parameters(m, values, shapes);
            for (NDArray p : params) {
                p.setRequiresGradient(true);
            }
            try (GradientCollector collector = engine().newGradientCollector()) {
                NDList outputs = portable.apply(NestedArrays.create(m, x, DataType.FLOAT64), states(m, state, DataType.FLOAT64), params);
                collector.backward(loss(m, outputs, weights));
            }
            for (int i = 0; i < params.size(); i++) {
                analytic[i] = params.get(i).getGradient().toDoubleArray();
            }
        }
        // One central difference per parameter array, along a random direction: two forward
        // passes per array instead of two per element, and a wrong element still shows.
        double eps = 1e-6;
        for (int i = 0; i < values.size(); i++) {
            double[] saved = values.get(i);
            double[] direction = new double[saved.length];
            double expected = 0;
            for (int j = 0; j < direction.length; j++) {
                direction[j] = 2 * random.nextDouble() - 1;
                expected += analytic[i][j] * direction[j];
            }
            values.set(i, step(saved, direction, eps));
            double plus = lossValue(portable, x, state, values, shapes, weights);
            values.set(i, step(saved, direction, -eps));
            double minus = lossValue(portable, x, state, values, shapes, weights);
            values.set(i, saved);
            double numeric = (plus - minus) / (2 * eps);
            assertEquals(numeric, expected, 1e-6 * Math.max(1, Math.abs(numeric)),
                    "directional derivative along parameter " + i + " (block order)");
        }
    }

    private static double[] step(double[] from, double[] direction, double by) {
        double[] to = from.clone();
        for (int j = 0; j < to.length; j++) {
            to[j] += by * direction[j];
        }
        return to;
    }

    static Stream<Arguments> gradientConfigurations() {
        return Stream.of(Arguments.of(RecurrentCell.RNN_TANH, 2, true), Arguments.of(RecurrentCell.GRU, 1, false),
                Arguments.of(RecurrentCell.LSTM, 1, false));
    }

    @Test
    void sameSeedSameWeightsAndTheirRange() {
        RecurrentLayer a = layer(RecurrentCell.GRU, 2, true, null);
        RecurrentLayer b = layer(RecurrentCell.GRU, 2, true, null);
        Map<String, double[]> av = NestedArrays.parameters(a);
        Map<String, double[]> bv = NestedArrays.parameters(b);
        assertEquals(List.of("l_0_i2h_WEIGHT", "l_0_h2h_WEIGHT", "r_0_i2h_WEIGHT", "r_0_h2h_WEIGHT",
                "l_0_i2h_BIAS", "l_0_h2h_BIAS", "r_0_i2h_BIAS", "r_0_h2h_BIAS",
                "l_1_i2h_WEIGHT", "l_1_h2h_WEIGHT", "r_1_i2h_WEIGHT", "r_1_h2h_WEIGHT",
                "l_1_i2h_BIAS", "l_1_h2h_BIAS", "r_1_i2h_BIAS", "r_1_h2h_BIAS"), List.copyOf(av.keySet()));
        assertEquals(new Shape(3 * HIDDEN, INPUT), a.getDirectParameters().get("l_0_i2h_WEIGHT").getArray().getShape());
        assertEquals(new Shape(3 * HIDDEN, 2 * HIDDEN), a.getDirectParameters().get("r_1_i2h_WEIGHT").getArray().getShape());
        assertEquals(new Shape(3 * HIDDEN, HIDDEN), a.getDirectParameters().get("r_1_h2h_WEIGHT").getArray().getShape());
        assertEquals(new Shape(3 * HIDDEN), a.getDirectParameters().get("l_1_h2h_BIAS").getArray().getShape());
        double bound = 1 / Math.sqrt(HIDDEN);
        for (String name : av.keySet()) {
            assertEquals(java.util.Arrays.toString(av.get(name)), java.util.Arrays.toString(bv.get(name)), name);
            for (double v : av.get(name)) {
                assertTrue(Math.abs(v) <= bound, name + " " + v);
            }
        }
        assertTrue(av.get("l_0_i2h_WEIGHT")[0] != av.get("l_0_h2h_WEIGHT")[0], "parameters draw from different streams");
    }

    @Test
    void outputShapesAreTheRealOnes() {
        RecurrentLayer layer = layer(RecurrentCell.LSTM, 2, true, null);
        try (NDManager m = manager().newSubManager()) {
            NDList inputs = new NDList(m.zeros(new Shape(STEPS, BATCH, INPUT))).addAll(layer.beginState(m, BATCH, DataType.FLOAT32));
            NDList outputs = layer.forward(new ParameterStore(m, false), inputs, false);
            Shape[] declared = layer.getOutputShapes(inputs.getShapes());
            assertEquals(List.of(new Shape(STEPS, BATCH, 2 * HIDDEN), new Shape(4, BATCH, HIDDEN), new Shape(4, BATCH, HIDDEN)),
                    List.of(declared));
            assertEquals(List.of(declared), List.of(outputs.getShapes()));
            NDList withoutState = layer.forward(new ParameterStore(m, false), new NDList(inputs.head()), false);
            assertEquals(List.of(declared), List.of(withoutState.getShapes()));
        }
    }

    /** A layer of this configuration, initialized in the suite's manager for INPUT features. */
    protected RecurrentLayer layer(RecurrentCell cell, int layers, boolean bidirectional, RecurrentPath path) {
        RecurrentLayer layer = RecurrentLayer.builder()
                .setCell(cell)
                .setHiddenSize(HIDDEN)
                .optLayers(layers)
                .optBidirectional(bidirectional)
                .optSeed(3)
                .optPath(path)
                .build();
        layer.initialize(manager(), DataType.FLOAT32, new Shape(STEPS, BATCH, INPUT));
        return layer;
    }

    private void assertMatchesReference(RecurrentLayer layer) {
        Random random = new Random(5);
        int slots = layer.layers() * (layer.bidirectional() ? 2 : 1);
        double[][][] x = NestedArrays.uniform(random, STEPS, BATCH, INPUT);
        double[][][][] state = new double[layer.cell().states()][][][];
        for (int s = 0; s < state.length; s++) {
            state[s] = NestedArrays.uniform(random, slots, BATCH, HIDDEN);
        }
        ReferenceRecurrence.Result expected = ReferenceRecurrence.run(layer.cell(), layer.layers(), layer.bidirectional(),
                HIDDEN, NestedArrays.parameters(layer), x, state);
        try (NDManager m = manager().newSubManager()) {
            NDList inputs = new NDList(NestedArrays.create(m, x, DataType.FLOAT32)).addAll(states(m, state, DataType.FLOAT32));
            NDList outputs = layer.forward(new ParameterStore(m, false), inputs, false);
            String path = layer.path(engine()).toString();
            assertEquals(1 + state.length, outputs.size());
            NestedArrays.assertClose(NestedArrays.flat(expected.output()), outputs.get(0), 1e-5, path + ": output");
            for (int s = 0; s < state.length; s++) {
                NestedArrays.assertClose(NestedArrays.flat(expected.state()[s]), outputs.get(1 + s), 1e-5, path + ": state " + s);
            }
        }
    }

    private static NDList states(NDManager m, double[][][][] state, DataType dataType) {
        NDList list = new NDList();
        for (double[][][] s : state) {
            list.add(NestedArrays.create(m, s, dataType));
        }
        return list;
    }

    private static NDList parameters(NDManager m, List<double[]> values, List<Shape> shapes) {
        NDList list = new NDList();
        for (int i = 0; i < values.size(); i++) {
            list.add(m.create(values.get(i), shapes.get(i)));
        }
        return list;
    }

    private static NDArray loss(NDManager m, NDList outputs, double[][] weights) {
        NDArray total = null;
        for (int i = 0; i < outputs.size(); i++) {
            NDArray term = outputs.get(i).mul(m.create(weights[i], outputs.get(i).getShape())).sum();
            total = total == null ? term : total.add(term);
        }
        return total;
    }

    private double lossValue(PortableRecurrence portable, double[][][] x, double[][][][] state, List<double[]> values,
            List<Shape> shapes, double[][] weights) {
        try (NDManager m = manager().newSubManager()) {
            NDList outputs = portable.apply(NestedArrays.create(m, x, DataType.FLOAT64), states(m, state, DataType.FLOAT64), parameters(m, values, shapes));
            return loss(m, outputs, weights).toType(DataType.FLOAT64, false).getDouble();
        }
    }
}
