package dev.d2l.rnn.examples;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import dev.d2l.rnn.engine.Capabilities;
import dev.d2l.rnn.engine.Capability;
import dev.d2l.rnn.model.RecurrentCell;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the engine's matrix products alone allow a word-level model: one minibatch's products
 * (the head's forward pass and both its gradients; per layer the input projection, its
 * gradients and the recurrent weights' gradient over all rows; per step the recurrence and its
 * gradient) timed on random operands, as the model multiplies ({@code Linear.linear} where the
 * engine has it, else {@code matMul}), and the tokens per second that time
 * gives. A one-hot input counts as the dense product it is computed as. Elementwise work,
 * the softmax and the update are left out, so no training loop reaches this figure.
 *
 * <p>A shared machine's speed can drift within minutes (examples/README.md, "Word level"), so a
 * bound timed once says little about epochs timed later: {@link Clock#tokensPerSecond} is meant
 * to be called beside each epoch.
 */
final class ProductBound {

    private static final int REPEATS = 3;

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

    /** A clock of these products on {@code engine}, their operands made once; close it to free them. */
    Clock clock(Engine engine) {
        return new Clock(engine);
    }

    /** Times the products on one engine, as often as asked, with the same operands. */
    final class Clock implements AutoCloseable {

        private final NDManager manager;
        private final boolean linear;
        /** Each product's two operands, in the order of the products; repeated shapes share theirs. */
        private final List<NDArray[]> operands = new ArrayList<>();

        private Clock(Engine engine) {
            manager = engine.newBaseManager();
            // The products go the way the model's do: through the fused linear operator where the
            // engine has one (MXNet's matMul is far slower on these shapes), x W^T there.
            linear = Capabilities.of(engine).has(Capability.LINEAR);
            Map<List<Long>, NDArray[]> byShape = new HashMap<>();
            for (long[] p : products) {
                operands.add(byShape.computeIfAbsent(List.of(p[0], p[1], p[2]), key -> new NDArray[] {
                        manager.randomUniform(-1, 1, new Shape(p[0], p[1])),
                        manager.randomUniform(-1, 1, linear ? new Shape(p[2], p[1]) : new Shape(p[1], p[2]))}));
            }
        }

        /**
         * Tokens per second if a minibatch took only its products' time, the best of three
         * timings now: taken between a run's epochs, it sees the machine as they did.
         */
        double tokensPerSecond() {
            double best = Double.MAX_VALUE;
            for (int repeat = 0; repeat < REPEATS; repeat++) {
                long start = System.nanoTime();
                try (NDManager scope = manager.newSubManager()) {
                    List<NDArray> results = new ArrayList<>(operands.size());
                    for (NDArray[] ab : operands) {
                        NDArray product = linear ? Linear.linear(ab[0], ab[1]).singletonOrThrow() : ab[0].matMul(ab[1]);
                        product.attach(scope);
                        results.add(product);
                    }
                    // Reading an element of each waits for an engine that runs products asynchronously (MXNet).
                    for (NDArray product : results) {
                        product.getFloat(0, 0);
                    }
                }
                best = Math.min(best, (System.nanoTime() - start) / 1e9);
            }
            return tokens / best;
        }

        @Override
        public void close() {
            manager.close();
        }
    }
}
