package dev.d2l.rnn.model;

import java.util.Map;

/**
 * The recurrent layer in plain Java: doubles, loops and torch's equations, independent of
 * every engine. Parameters are flat row-major arrays by their DJL names.
 */
final class ReferenceRecurrence {

    /** output[t][b][feature]; state[s][layer * directions + d][b][k], s = 0 for h and 1 for c. */
    record Result(double[][][] output, double[][][][] state) {}

    private ReferenceRecurrence() {}

    static Result run(RecurrentCell cell, int layers, boolean bidirectional, int hidden, Map<String, double[]> parameters,
            double[][][] x, double[][][][] state) {
        int directions = bidirectional ? 2 : 1;
        int steps = x.length;
        int batch = x[0].length;
        double[][][][] last = new double[cell.states()][layers * directions][][];
        double[][][] input = x;
        for (int layer = 0; layer < layers; layer++) {
            int in = input[0][0].length;
            double[][][] output = new double[steps][batch][directions * hidden];
            for (int d = 0; d < directions; d++) {
                String prefix = (d == 0 ? "l_" : "r_") + layer + "_";
                double[] wih = parameters.get(prefix + "i2h_WEIGHT");
                double[] whh = parameters.get(prefix + "h2h_WEIGHT");
                double[] bih = parameters.get(prefix + "i2h_BIAS");
                double[] bhh = parameters.get(prefix + "h2h_BIAS");
                int slot = layer * directions + d;
                double[][] h = copy(state[0][slot]);
                double[][] c = cell == RecurrentCell.LSTM ? copy(state[1][slot]) : null;
                for (int s = 0; s < steps; s++) {
                    int t = d == 0 ? s : steps - 1 - s;
                    for (int b = 0; b < batch; b++) {
                        int rows = cell.gates() * hidden;
                        double[] gx = new double[rows];
                        double[] gh = new double[rows];
                        for (int j = 0; j < rows; j++) {
                            gx[j] = bih[j];
                            for (int k = 0; k < in; k++) {
                                gx[j] += wih[j * in + k] * input[t][b][k];
                            }
                            gh[j] = bhh[j];
                            for (int k = 0; k < hidden; k++) {
                                gh[j] += whh[j * hidden + k] * h[b][k];
                            }
                        }
                        double[] next = new double[hidden];
                        for (int k = 0; k < hidden; k++) {
                            switch (cell) {
                                case RNN_TANH -> next[k] = Math.tanh(gx[k] + gh[k]);
                                case RNN_RELU -> next[k] = Math.max(0, gx[k] + gh[k]);
                                case GRU -> {
                                    double r = sigmoid(gx[k] + gh[k]);
                                    double z = sigmoid(gx[hidden + k] + gh[hidden + k]);
                                    double n = Math.tanh(gx[2 * hidden + k] + r * gh[2 * hidden + k]);
                                    next[k] = (1 - z) * n + z * h[b][k];
                                }
                                case LSTM -> {
                                    double i = sigmoid(gx[k] + gh[k]);
                                    double f = sigmoid(gx[hidden + k] + gh[hidden + k]);
                                    double g = Math.tanh(gx[2 * hidden + k] + gh[2 * hidden + k]);
                                    double o = sigmoid(gx[3 * hidden + k] + gh[3 * hidden + k]);
                                    c[b][k] = f * c[b][k] + i * g;
                                    next[k] = o * Math.tanh(c[b][k]);
                                }
                            }
                        }
                        h[b] = next;
                        System.arraycopy(next, 0, output[t][b], d * hidden, hidden);
                    }
                }
                last[0][slot] = h;
                if (c != null) {
                    last[1][slot] = c;
                }
            }
            input = output;
        }
        return new Result(input, last);
    }

    private static double sigmoid(double v) {
        return 1 / (1 + Math.exp(-v));
    }

    private static double[][] copy(double[][] a) {
        double[][] b = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            b[i] = a[i].clone();
        }
        return b;
    }
}
