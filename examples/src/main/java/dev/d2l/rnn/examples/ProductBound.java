package dev.d2l.rnn.examples;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.d2l.rnn.model.RecurrentCell;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the engine's matrix products alone allow a word-level model: one minibatch's products
 * (the head's forward pass and both its gradients; per layer the input projection, its
 * gradients and the recurrent weights' gradient over all rows; per step the recurrence and its
 * gradient) timed with {@code matMul} on random operands, and the tokens per second that time
 * gives. A one-hot input counts as the dense product it is computed as. Elementwise work,
 * the softmax and the update are left out, so no training loop reaches this figure.
 */
final class ProductBound {

    private static final int REPEATS = 5;

    private final List<long[]> products = new ArrayList<>();
    private final long tokens;

    /**
     * @param inputSize the first layer's input: the embedding size, or the vocabulary for one-hot inputs
     * @param embedded whether the first layer's input gradient is needed (an embedding learns from it)
     */
    ProductBound(RecurrentCell cell, int hidden, int layers, long inputSize, boolean embedded, long vocab, int batch,
            int steps) {
        long rows = (long) batch * steps;
        long gates = (long) cell.gates() * hidden;
        tokens = rows;
        add(rows, hidden, vocab);
        add(rows, vocab, hidden);
        add(vocab, rows, hidden);
        for (int layer = 0; layer < layers; layer++) {
            long in = layer == 0 ? inputSize : hidden;
            add(rows, in, gates);
            add(gates, rows, in);
            if (layer > 0 || embedded) {
                add(rows, gates, in);
            }
            add(gates, rows, hidden);
            for (int step = 0; step < steps; step++) {
                add(batch, hidden, gates);
                add(batch, gates, hidden);
            }
        }
    }

    /** Floating-point operations of one minibatch's products, divided by its tokens. */
    double flopsPerToken() {
        return products.stream().mapToDouble(p -> 2.0 * p[0] * p[1] * p[2]).sum() / tokens;
    }

    private void add(long rows, long inner, long columns) {
        products.add(new long[] {rows, inner, columns});
    }

    /** Tokens per second if a minibatch took only its products' time on {@code engine} (best of five, after one warm-up). */
    double tokensPerSecond(Engine engine) {
        try (NDManager manager = engine.newBaseManager()) {
            Map<String, NDArray[]> operands = new HashMap<>();
            for (long[] p : products) {
                operands.computeIfAbsent(p[0] + "x" + p[1] + "x" + p[2], key -> new NDArray[] {
                        manager.randomUniform(-1, 1, new Shape(p[0], p[1])),
                        manager.randomUniform(-1, 1, new Shape(p[1], p[2]))});
            }
            double best = Double.MAX_VALUE;
            for (int repeat = 0; repeat <= REPEATS; repeat++) {
                long start = System.nanoTime();
                try (NDManager scope = manager.newSubManager()) {
                    List<NDArray> results = new ArrayList<>(products.size());
                    for (long[] p : products) {
                        NDArray[] ab = operands.get(p[0] + "x" + p[1] + "x" + p[2]);
                        NDArray product = ab[0].matMul(ab[1]);
                        product.attach(scope);
                        results.add(product);
                    }
                    // Reading an element of each waits for an engine that runs products asynchronously (MXNet).
                    for (NDArray product : results) {
                        product.getFloat(0, 0);
                    }
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                if (repeat > 0) {
                    best = Math.min(best, seconds);
                }
            }
            return tokens / best;
        }
    }
}
