package dev.d2l.rnn.examples.chapter8;

import static dev.d2l.rnn.examples.chapter8.Chapter8.predictCh8;
import static dev.d2l.rnn.examples.chapter8.Chapter8.trainCh8;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.d2l.rnn.data.Sampling;
import dev.d2l.rnn.data.SeqDataLoader;
import dev.d2l.rnn.data.Vocab;
import dev.d2l.rnn.model.RNNModel;
import dev.d2l.rnn.model.RecurrentCell;
import dev.d2l.rnn.model.RecurrentLayer;
import java.io.IOException;
import java.io.PrintStream;

/**
 * d2l 8.6, the concise implementation of recurrent neural networks: a recurrent layer as a DJL
 * block (the engine's fused op where it is right, else the portable layer), its state and
 * output shapes, {@code RNNModel} with its linear head, the untrained prediction and
 * {@code train_ch8} with its perplexity figure.
 *
 * <p>Usage: {@code Section8_6RNNConcise [engine] [--epochs N] [--output DIR]}; the book trains
 * 500 epochs. The figure goes to {@code DIR/8.6-perplexity} (.png, .svg).
 */
public final class Section8_6RNNConcise {

    private Section8_6RNNConcise() {}

    /** Runs the section; see the class comment. */
    public static void main(String[] args) {
        Chapter8.main(args, 500, Section8_6RNNConcise::run);
    }

    /** The section's cells in order, printed to {@code out}. */
    static void run(Chapter8.Args args, PrintStream out) throws IOException {
        try (NDManager manager = Chapter8.tryGpu(args.loadEngine())) {
            Chapter8.printEngine(manager, out);
            int batchSize = 32;
            int numSteps = 35;
            Chapter8.TimeMachine data = Chapter8.loadDataTimeMachine(batchSize, numSteps, Sampling.SEQUENTIAL);
            SeqDataLoader trainIter = data.trainIter();
            Vocab vocab = data.vocab();

            // Defining the model
            int numHiddens = 256;
            RecurrentLayer rnnLayer = RecurrentLayer.builder()
                    .setCell(RecurrentCell.RNN_TANH)
                    .setHiddenSize(numHiddens)
                    .optSeed(42)
                    .build();
            NDArray state = manager.zeros(new Shape(1, batchSize, numHiddens));
            out.println(state.getShape());

            NDArray X = manager.randomUniform(0, 1, new Shape(numSteps, batchSize, vocab.size()));
            rnnLayer.initialize(manager, DataType.FLOAT32, X.getShape());
            NDList output = rnnLayer.forward(new ParameterStore(manager, false), new NDList(X, state), false);
            NDArray Y = output.get(0);
            NDArray stateNew = output.get(1);
            out.println(Y.getShape() + ", " + stateNew.getShape());
            out.println(rnnLayer.cell() + " layer on the " + rnnLayer.path(manager.getEngine()) + " path");

            RNNModel net = RNNModel.create(manager, rnnLayer, vocab.size(), 42);
            out.println(predictCh8("time traveller", 10, net, vocab, manager));

            // Training and predicting
            int numEpochs = args.epochs();
            float lr = 1;
            trainCh8(net, trainIter, vocab, lr, numEpochs, manager, args.figure("8.6-perplexity"), out);
        }
    }
}
