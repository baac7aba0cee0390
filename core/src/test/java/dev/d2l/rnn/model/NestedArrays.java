package dev.d2l.rnn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.Block;
import ai.djl.util.Pair;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/** Moving nested Java arrays in and out of engines, for the recurrent suites. */
final class NestedArrays {

    private NestedArrays() {}

    static double[][][] uniform(Random random, int a, int b, int c) {
        double[][][] v = new double[a][b][c];
        for (double[][] plane : v) {
            for (double[] row : plane) {
                for (int k = 0; k < c; k++) {
                    row[k] = 2 * random.nextDouble() - 1;
                }
            }
        }
        return v;
    }

    static NDArray create(NDManager manager, double[][][] v, DataType dataType) {
        int a = v.length;
        int b = v[0].length;
        int c = v[0][0].length;
        double[] flat = new double[a * b * c];
        for (int i = 0; i < a; i++) {
            for (int j = 0; j < b; j++) {
                System.arraycopy(v[i][j], 0, flat, (i * b + j) * c, c);
            }
        }
        NDArray array = manager.create(flat, new Shape(a, b, c));
        return dataType == DataType.FLOAT64 ? array : array.toType(dataType, false);
    }

    static double[] flat(double[][][] v) {
        int a = v.length;
        int b = v[0].length;
        int c = v[0][0].length;
        double[] flat = new double[a * b * c];
        for (int i = 0; i < a; i++) {
            for (int j = 0; j < b; j++) {
                System.arraycopy(v[i][j], 0, flat, (i * b + j) * c, c);
            }
        }
        return flat;
    }

    static double[] values(NDArray array) {
        return array.toType(DataType.FLOAT64, false).toDoubleArray();
    }

    /** A block's direct parameters by name, as doubles. */
    static Map<String, double[]> parameters(Block block) {
        Map<String, double[]> values = new LinkedHashMap<>();
        for (Pair<String, Parameter> pair : block.getDirectParameters()) {
            values.put(pair.getKey(), values(pair.getValue().getArray()));
        }
        return values;
    }

    static void assertClose(double[] expected, NDArray actual, double tolerance, String what) {
        double[] got = values(actual);
        assertTrue(expected.length == got.length, what + ": " + got.length + " values, expected " + expected.length);
        assertArrayEquals(expected, got, tolerance, what);
    }
}
