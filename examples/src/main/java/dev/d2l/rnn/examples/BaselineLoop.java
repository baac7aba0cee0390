package dev.d2l.rnn.examples;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.recurrent.RNN;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import dev.d2l.rnn.data.SeqDataLoader;
import dev.d2l.rnn.model.ModelSpec;
import dev.d2l.rnn.model.RNNModelScratch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The straightforward DJL training loop the benchmark measures this project against, written
 * as a DJL user following d2l would write it: one-hot inputs sliced per step, every step
 * recorded by autograd, the gradient norm read back to Java for clipping, plain SGD. It trains
 * either d2l 8.5's scratch RNN (from the same seeded weights as {@link RNNModelScratch}) or
 * DJL's own {@link RNN} block plus a {@link Linear} head (d2l 8.6). Needs autograd.
 */
final class BaselineLoop {

    private static final float LEARNING_RATE = 1f;
    private static final float CLIP = 1f;

    private final Engine engine;
    private final int vocabSize;
    private final int hidden;
    private final boolean concise;

    BaselineLoop(Engine engine, int vocabSize, int hidden, boolean concise) {
        this.engine = engine;
        this.vocabSize = vocabSize;
        this.hidden = hidden;
        this.concise = concise;
    }

    /** Trains for {@code epochs} epochs; returns each epoch's tokens/s and the last epoch's perplexity last. */
    double[] train(SeqDataLoader data, int epochs, NDManager manager) {
        if (!data.sampling().carriesState()) {
            throw new IllegalArgumentException("The baseline loop carries the state: it needs sequential partitioning");
        }
        Model model = concise ? new Concise(manager) : new Scratch(manager);
        double[] figures = new double[epochs + 1];
        for (int epoch = 0; epoch < epochs; epoch++) {
            double lossTimesTokens = 0;
            long tokens = 0;
            long start = System.nanoTime();
            try (NDManager epochScope = manager.newSubManager()) {
                NDArray state = null;
                for (SeqDataLoader.Minibatch batch : data) {
                    try (NDManager scope = epochScope.newSubManager()) {
                        model.parameters().forEach(p -> p.tempAttach(scope));
                        NDList xy = batch.toNDList(scope);
                        state = state == null ? model.zeroState(scope, batch.batchSize()) : state.stopGradient();
                        state.attach(scope);
                        NDList out;
                        try (GradientCollector collector = engine.newGradientCollector()) {
                            out = model.forward(xy.get(0), state);
                            NDArray labels = xy.get(1).transpose().reshape(-1);
                            NDArray loss = out.get(0).logSoftmax(1).mul(labels.oneHot(vocabSize)).sum(new int[] {1}).neg().mean();
                            collector.backward(loss);
                            lossTimesTokens += loss.getFloat() * batch.tokens();
                        }
                        clipAndStep(model.parameters());
                        tokens += batch.tokens();
                        state = out.get(1);
                        state.attach(epochScope);
                    }
                }
            }
            figures[epoch] = tokens / ((System.nanoTime() - start) / 1e9);
            figures[epochs] = Math.exp(lossTimesTokens / tokens);
        }
        return figures;
    }

    /** d2l's grad_clipping with the norm read back to Java, then SGD, then zeroed gradients (PyTorch accumulates). */
    private static void clipAndStep(List<NDArray> parameters) {
        double sumOfSquares = 0;
        for (NDArray p : parameters) {
            sumOfSquares += p.getGradient().square().sum().getFloat();
        }
        double norm = Math.sqrt(sumOfSquares);
        float scale = norm > CLIP ? (float) (CLIP / norm) : 1f;
        for (NDArray p : parameters) {
            NDArray gradient = p.getGradient();
            p.subi(gradient.mul(LEARNING_RATE * scale));
            gradient.subi(gradient);
        }
    }

    private interface Model {
        List<NDArray> parameters();

        NDArray zeroState(NDManager manager, int batchSize);

        /** Logits (steps * batch, V), step-major, and the new state. */
        NDList forward(NDArray tokens, NDArray state);
    }

    /** d2l 8.5, step by step. */
    private final class Scratch implements Model {
        private final Map<String, NDArray> p = new LinkedHashMap<>();

        Scratch(NDManager manager) {
            p.putAll(ModelSpec.builder().hidden(hidden).build().newModel(manager, vocabSize).parameters());
            p.values().forEach(a -> a.setRequiresGradient(true));
        }

        @Override
        public List<NDArray> parameters() {
            return new ArrayList<>(p.values());
        }

        @Override
        public NDArray zeroState(NDManager manager, int batchSize) {
            return manager.zeros(new Shape(batchSize, hidden));
        }

        @Override
        public NDList forward(NDArray tokens, NDArray state) {
            long steps = tokens.getShape().get(1);
            NDList outputs = new NDList();
            NDArray h = state;
            for (long t = 0; t < steps; t++) {
                NDArray x = tokens.get(":, " + t).oneHot(vocabSize);
                h = Activation.tanh(x.matMul(p.get("W_xh")).add(h.matMul(p.get("W_hh"))).add(p.get("b_h")));
                outputs.add(h.matMul(p.get("W_hq")).add(p.get("b_q")));
            }
            return new NDList(NDArrays.concat(outputs), h);
        }
    }

    /** d2l 8.6: DJL's fused RNN block, time-major, and a linear head. */
    private final class Concise implements Model {
        private final RNN rnn;
        private final Linear head;
        private final ParameterStore store;
        private final List<NDArray> parameters = new ArrayList<>();

        Concise(NDManager manager) {
            rnn = RNN.builder()
                    .setStateSize(hidden)
                    .setNumLayers(1)
                    .setActivation(RNN.Activation.TANH)
                    .optBatchFirst(false)
                    .optReturnState(true)
                    .build();
            head = Linear.builder().setUnits(vocabSize).build();
            rnn.setInitializer(new NormalInitializer(0.01f), Parameter.Type.WEIGHT);
            head.setInitializer(new NormalInitializer(0.01f), Parameter.Type.WEIGHT);
            rnn.initialize(manager, DataType.FLOAT32, new Shape(1, 1, vocabSize), new Shape(1, 1, hidden));
            head.initialize(manager, DataType.FLOAT32, new Shape(1, hidden));
            rnn.getParameters().values().forEach(p -> parameters.add(p.getArray()));
            head.getParameters().values().forEach(p -> parameters.add(p.getArray()));
            store = new ParameterStore(manager, false);
        }

        @Override
        public List<NDArray> parameters() {
            return parameters;
        }

        @Override
        public NDArray zeroState(NDManager manager, int batchSize) {
            return manager.zeros(new Shape(1, batchSize, hidden));
        }

        @Override
        public NDList forward(NDArray tokens, NDArray state) {
            NDArray x = tokens.transpose().oneHot(vocabSize);
            NDList out = rnn.forward(store, new NDList(x, state), true);
            NDArray y = out.get(0).reshape(-1, hidden);
            return new NDList(head.forward(store, new NDList(y), true).singletonOrThrow(), out.get(1));
        }
    }
}
