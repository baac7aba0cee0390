package dev.d2l.rnn.examples.chapter8;

import static dev.d2l.rnn.examples.chapter8.Chapter8.predictCh8;
import static dev.d2l.rnn.examples.chapter8.Chapter8.trainCh8;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.d2l.rnn.data.Sampling;
import dev.d2l.rnn.data.SeqDataLoader;
import dev.d2l.rnn.data.Vocab;
import dev.d2l.rnn.model.LanguageModel;
import dev.d2l.rnn.model.RNNModelScratch;
import java.io.IOException;
import java.io.PrintStream;

/**
 * d2l 8.4 and 8.5, the recurrent neural network from scratch: one-hot encoding, the model's
 * parameters, state and shapes, the untrained model's prediction, then {@code train_ch8} with
 * sequential partitioning and again with random sampling, each with its perplexity figure.
 *
 * <p>Usage: {@code Section8_5RNNScratch [engine] [--epochs N] [--output DIR]}; the book trains
 * 500 epochs. The figures go to {@code DIR/8.5-perplexity-sequential} and
 * {@code DIR/8.5-perplexity-random} (.png, .svg).
 */
public final class Section8_5RNNScratch {

    private Section8_5RNNScratch() {}

    /** Runs the section; see the class comment. */
    public static void main(String[] args) {
        Chapter8.main(args, 500, Section8_5RNNScratch::run);
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

            // One-hot encoding
            out.println(Chapter8.show(manager.create(new int[] {0, 2}).oneHot((int) vocab.size())));
            NDArray X = manager.arange(10).reshape(2, 5);
            out.println(X.transpose().oneHot(28).getShape());

            // Initializing the model parameters; the RNN model
            int numHiddens = 512;
            LanguageModel net = new RNNModelScratch(manager, vocab.size(), numHiddens, RNNModelScratch.Activation.TANH, 42);
            NDList state = net.beginState(manager, (int) X.getShape().get(0));
            LanguageModel.Output output = net.forward(X, state);
            NDArray Y = output.logits();
            NDList newState = output.state();
            out.println(Y.getShape() + ", " + newState.size() + ", " + newState.get(0).getShape());

            // Prediction
            out.println(predictCh8("time traveller ", 10, net, vocab, manager));

            // Training
            int numEpochs = args.epochs();
            float lr = 1;
            trainCh8(net, trainIter, vocab, lr, numEpochs, manager, args.figure("8.5-perplexity-sequential"), out);

            // Finally, the random sampling method
            net = new RNNModelScratch(manager, vocab.size(), numHiddens, RNNModelScratch.Activation.TANH, 42);
            SeqDataLoader trainRandomIter = Chapter8.loadDataTimeMachine(batchSize, numSteps, Sampling.RANDOM).trainIter();
            trainCh8(net, trainRandomIter, vocab, lr, numEpochs, manager, args.figure("8.5-perplexity-random"), out);
        }
    }
}
