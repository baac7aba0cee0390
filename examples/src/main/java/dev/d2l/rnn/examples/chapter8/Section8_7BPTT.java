package dev.d2l.rnn.examples.chapter8;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.d2l.rnn.data.Corpora;
import dev.d2l.rnn.data.Corpus;
import dev.d2l.rnn.data.Vocab;
import dev.d2l.rnn.engine.Capabilities;
import dev.d2l.rnn.engine.Capability;
import dev.d2l.rnn.engine.GradientRecording;
import dev.d2l.rnn.model.LanguageModel;
import dev.d2l.rnn.model.RNNModelScratch;
import dev.d2l.rnn.model.Step;
import dev.d2l.rnn.train.GradientSource;
import dev.d2l.rnn.train.LanguageModelObjective;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * d2l 8.7, backpropagation through time, made concrete. First the section's own model (8.7.2:
 * no biases, the identity as activation, {@code h_t = W_hx x_t + W_hh h_(t-1)},
 * {@code o_t = W_qh h_t}, the cross-entropy as {@code l}) on the first characters of The Time
 * Machine, in float64: its gradients by the section's equations (8.7.11 to 8.7.16), written out
 * here step by step, against the engine's autograd and central finite differences. Then the
 * written-out BPTT that trains 8.5's scratch RNN ({@code RNNModelScratch.backward}) against
 * autograd on a minibatch.
 *
 * <p>Usage: {@code Section8_7BPTT [engine]}. TensorFlow records no gradients, so there the
 * comparisons with autograd are left out.
 */
public final class Section8_7BPTT {

    private static final double EPS = 1e-6;

    private Section8_7BPTT() {}

    /** Runs the section; see the class comment. */
    public static void main(String[] args) {
        Chapter8.main(args, 1, Section8_7BPTT::run);
    }

    /** The section's model, its gradients three ways, then the scratch RNN's; printed to {@code out}. */
    static void run(Chapter8.Args args, PrintStream out) {
        Engine engine = args.loadEngine();
        boolean autograd = Capabilities.of(engine).has(Capability.AUTOGRAD);
        try (NDManager manager = Chapter8.tryGpu(engine)) {
            Chapter8.printEngine(manager, out);
            int T = 10;
            int h = 4;
            Corpus corpus = Corpora.loadCorpusTimeMachine(T + 1);
            Vocab vocab = corpus.vocab();
            int d = (int) vocab.size();
            int q = (int) vocab.size();
            int[] tokens = corpus.indices();
            List<NDArray> x = new ArrayList<>();
            NDList ys = new NDList();
            for (int t = 0; t < T; t++) {
                x.add(oneHot(manager, tokens[t], d));
                ys.add(oneHot(manager, tokens[t + 1], q));
            }
            NDArray Y = NDArrays.concat(ys, 1);
            out.printf(Locale.ROOT, "8.7.2: h_t = W_hx x_t + W_hh h_t-1, o_t = W_qh h_t, L = 1/T sum l(o_t, y_t)%n");
            out.printf(Locale.ROOT, "x: '%s', y: '%s' (T = %d, d = q = %d, h = %d, float64)%n",
                    text(vocab, tokens, 0, T), text(vocab, tokens, 1, T + 1), T, d, h);

            Random random = new Random(42);
            Map<String, NDArray> params = new LinkedHashMap<>();
            params.put("W_hx", normal(manager, random, 0.5, h, d));
            params.put("W_hh", normal(manager, random, 0.3, h, h));
            params.put("W_qh", normal(manager, random, 0.5, q, h));
            Forward forward = forward(params, x, Y);
            out.printf(Locale.ROOT, "L = %.6f%n", forward.loss().getDouble());

            // 8.7.11 for the cross-entropy: column t of dO is dL/do_t = (softmax(o_t) - y_t) / T
            NDArray dO = forward.O().softmax(0).sub(Y).div(T);
            // 8.7.12: dL/dW_qh = sum_t dL/do_t h_t^T, the sum over t as one product
            NDArray dWqh = dO.matMul(forward.H().transpose());
            // 8.7.13 and 8.7.14: dL/dh_T = W_qh^T dL/do_T, dL/dh_t = W_hh^T dL/dh_t+1 + W_qh^T dL/do_t
            NDArray WqhTdO = params.get("W_qh").transpose().matMul(dO);
            NDArray[] dH = new NDArray[T];
            dH[T - 1] = WqhTdO.get(new NDIndex(":, {}:{}", T - 1, T));
            for (int t = T - 2; t >= 0; t--) {
                dH[t] = params.get("W_hh").transpose().matMul(dH[t + 1]).add(WqhTdO.get(new NDIndex(":, {}:{}", t, t + 1)));
            }
            // 8.7.16: dL/dW_hx = sum_t dL/dh_t x_t^T, dL/dW_hh = sum_t dL/dh_t h_t-1^T
            NDArray dWhx = manager.zeros(new Shape(h, d), dWqh.getDataType());
            NDArray dWhh = manager.zeros(new Shape(h, h), dWqh.getDataType());
            for (int t = 0; t < T; t++) {
                dWhx = dWhx.add(dH[t].matMul(x.get(t).transpose()));
                dWhh = dWhh.add(dH[t].matMul(forward.h().get(t).transpose()));
            }
            Map<String, NDArray> bptt = Map.of("W_hx", dWhx, "W_hh", dWhh, "W_qh", dWqh);

            StringBuilder norms = new StringBuilder("|dL/dh_t| for t = T..1:");
            for (int t = T - 1; t >= 0; t--) {
                norms.append(String.format(Locale.ROOT, " %.4f", dH[t].square().sum().sqrt().getDouble()));
            }
            out.println(norms);

            Map<String, NDArray> recorded = autograd ? autogradGradients(params, x, Y) : null;
            out.printf(Locale.ROOT, "%-9s %-30s %s%n", "gradient", "BPTT vs autograd", "BPTT vs central differences");
            for (String name : params.keySet()) {
                NDArray numerical = centralDifferences(manager, params, name, x, Y);
                out.printf(Locale.ROOT, "%-9s %-30s %.1e%n", "dL/d" + name,
                        autograd ? String.format(Locale.ROOT, "%.1e", relative(bptt.get(name), recorded.get(name))) : "-",
                        relative(bptt.get(name), numerical));
            }
            out.println("(largest difference relative to the largest entry of the gradient)");

            // The written-out BPTT that trains 8.5's model: tanh, biases, float32, a minibatch of 2 x 10
            if (!autograd) {
                out.println(engine.getEngineName() + " records no gradients: there RNNs train through the written-out BPTT alone");
                return;
            }
            LanguageModel net = new RNNModelScratch(manager, vocab.size(), 16, RNNModelScratch.Activation.TANH, 42);
            int[] minibatch = Corpora.loadCorpusTimeMachine(21).indices();
            NDArray inputs = manager.create(Arrays.copyOfRange(minibatch, 0, 20), new Shape(2, 10));
            NDArray labels = manager.create(Arrays.copyOfRange(minibatch, 1, 21), new Shape(2, 10));
            NDList state = net.beginState(manager, 2);
            LanguageModelObjective objective = new LanguageModelObjective(net, inputs, labels, state);
            Step<NDList> written = GradientSource.bptt().compute(objective);
            Step<NDList> engines = GradientSource.autograd(engine).compute(objective);
            out.printf(Locale.ROOT, "8.5's RNNModelScratch (tanh, H 16, float32), minibatch 2 x 10: loss %.6f (BPTT), %.6f (autograd)%n",
                    written.loss().getFloat(), engines.loss().getFloat());
            for (String name : net.parameters().keySet()) {
                out.printf(Locale.ROOT, "%-9s BPTT vs autograd %.1e%n", name,
                        relative(written.gradients().get(name), engines.gradients().get(name)));
            }
        }
    }

    /**
     * The section's forward pass over one-hot columns x_1 .. x_T and labels Y = [y_1 .. y_T]:
     * the states h_0 .. h_T (h_0 = 0), H = [h_1 .. h_T], O = W_qh H = [o_1 .. o_T] and the loss L.
     */
    private static Forward forward(Map<String, NDArray> params, List<NDArray> x, NDArray Y) {
        NDArray Whx = params.get("W_hx");
        NDArray Whh = params.get("W_hh");
        List<NDArray> h = new ArrayList<>();
        h.add(Whx.getManager().zeros(new Shape(Whh.getShape().get(0), 1), Whh.getDataType()));
        for (int t = 0; t < x.size(); t++) {
            h.add(Whx.matMul(x.get(t)).add(Whh.matMul(h.get(t))));
        }
        NDArray H = NDArrays.concat(new NDList(h.subList(1, h.size())), 1);
        NDArray O = params.get("W_qh").matMul(H);
        NDArray loss = O.logSoftmax(0).mul(Y).sum().neg().div(x.size());
        return new Forward(loss, h, H, O);
    }

    private record Forward(NDArray loss, List<NDArray> h, NDArray H, NDArray O) {}

    /** The gradients as the engine's autograd records them. */
    private static Map<String, NDArray> autogradGradients(Map<String, NDArray> params, List<NDArray> x, NDArray Y) {
        Engine engine = params.get("W_hh").getManager().getEngine();
        params.values().forEach(p -> p.setRequiresGradient(true));
        try (GradientCollector collector = GradientRecording.of(engine).newGradientCollector()) {
            collector.backward(forward(params, x, Y).loss());
        }
        Map<String, NDArray> gradients = new LinkedHashMap<>();
        params.forEach((name, p) -> gradients.put(name, p.getGradient()));
        return gradients;
    }

    /** (L(w + eps) - L(w - eps)) / 2 eps for every entry w of parameter {@code name}. */
    private static NDArray centralDifferences(NDManager manager, Map<String, NDArray> params, String name,
            List<NDArray> x, NDArray Y) {
        Shape shape = params.get(name).getShape();
        double[] w = params.get(name).toDoubleArray();
        double[] gradient = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            double[] losses = new double[2];
            for (int side = 0; side < 2; side++) {
                try (NDManager scope = manager.newSubManager()) {
                    double[] shifted = w.clone();
                    shifted[i] += side == 0 ? EPS : -EPS;
                    Map<String, NDArray> moved = new LinkedHashMap<>(params);
                    moved.put(name, scope.create(shifted, shape));
                    losses[side] = forward(moved, x, Y).loss().getDouble();
                }
            }
            gradient[i] = (losses[0] - losses[1]) / (2 * EPS);
        }
        return manager.create(gradient, shape);
    }

    /** max |a - b| / max |b|, computed in float64. */
    private static double relative(NDArray a, NDArray b) {
        NDArray a64 = a.toType(DataType.FLOAT64, false);
        NDArray b64 = b.toType(DataType.FLOAT64, false);
        return a64.sub(b64).abs().max().getDouble() / b64.abs().max().getDouble();
    }

    private static NDArray oneHot(NDManager manager, int index, int size) {
        double[] column = new double[size];
        column[index] = 1;
        return manager.create(column, new Shape(size, 1));
    }

    private static NDArray normal(NDManager manager, Random random, double std, int rows, int cols) {
        double[] values = new double[rows * cols];
        for (int i = 0; i < values.length; i++) {
            values[i] = std * random.nextGaussian();
        }
        return manager.create(values, new Shape(rows, cols));
    }

    private static String text(Vocab vocab, int[] tokens, int from, int to) {
        return String.join("", vocab.toTokens(Arrays.copyOfRange(tokens, from, to)));
    }
}
