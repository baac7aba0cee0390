package dev.d2l.rnn.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.util.Progress;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Random;

/**
 * Minibatches of (X, Y) token subsequences over a corpus, as d2l's {@code SeqDataLoader}:
 * each call to {@link #iterator()} is one epoch (with a fresh random offset, but for {@link
 * Sampling#BATCHIFY}), and minibatches are cut lazily as the epoch is iterated, never all at once.
 *
 * <p>Minibatches are host-side {@code int} arrays, so the same seed gives the same
 * minibatches on every engine; {@link Minibatch#toNDList} copies one onto a device.
 *
 * <p>With random sampling it is also a DJL {@link Dataset}, for DJL's {@code Trainer} and
 * {@code EasyTrain.fit}: see {@link #getData}.
 *
 * <p>Not thread-safe: one epoch is iterated at a time.
 */
public final class SeqDataLoader implements Iterable<SeqDataLoader.Minibatch>, Dataset {

    private final int[] corpus;
    private final int batchSize;
    private final int numSteps;
    private final Sampling sampling;
    private final Random random;

    /**
     * @param corpus token indices
     * @param batchSize sequences per minibatch
     * @param numSteps tokens per sequence
     * @param sampling random sampling, sequential partitioning, or word_language_model's
     * @param seed seeds the offsets and the shuffling
     * @throws IllegalArgumentException if a size is not positive or the corpus is shorter than
     *     one whole minibatch ({@code batchSize * numSteps + 1} tokens; {@code batchSize *
     *     (numSteps + 1)} for {@link Sampling#BATCHIFY}, whose rows each keep their last token)
     */
    public SeqDataLoader(int[] corpus, int batchSize, int numSteps, Sampling sampling, long seed) {
        if (batchSize <= 0 || numSteps <= 0) {
            throw new IllegalArgumentException(
                    "Batch size and number of steps must be positive, got batchSize=" + batchSize + ", numSteps=" + numSteps);
        }
        long needed = sampling == Sampling.BATCHIFY ? (long) batchSize * (numSteps + 1) : (long) batchSize * numSteps + 1;
        if (corpus.length < needed) {
            throw new IllegalArgumentException("Corpus of " + corpus.length + " tokens is too short for one minibatch of "
                    + batchSize + " x " + numSteps + " steps: it needs at least " + needed + " tokens");
        }
        this.corpus = corpus;
        this.batchSize = batchSize;
        this.numSteps = numSteps;
        this.sampling = sampling;
        this.random = new Random(seed);
    }

    /** Sequences per minibatch. */
    public int batchSize() {
        return batchSize;
    }

    /** Tokens per sequence. */
    public int numSteps() {
        return numSteps;
    }

    /** How the corpus is cut. */
    public Sampling sampling() {
        return sampling;
    }

    /** The most minibatches an epoch has (random offsets can leave one fewer). */
    public int batchesPerEpoch() {
        return sampling == Sampling.BATCHIFY ? (corpus.length / batchSize - 2) / numSteps + 1
                : (corpus.length - 1) / (batchSize * numSteps);
    }

    /**
     * Draws and discards the random choices of the next {@code epochs} epochs, so that a run
     * resumed after them sees the same minibatches as a run that never stopped.
     *
     * @throws IllegalArgumentException if {@code epochs} is negative
     */
    public void skipEpochs(int epochs) {
        if (epochs < 0) {
            throw new IllegalArgumentException("Epochs to skip must be zero or more, got " + epochs);
        }
        for (int i = 0; i < epochs; i++) {
            // An epoch makes every random draw (offset, shuffle) when it starts; no minibatch is cut.
            iterator();
        }
    }

    /** One epoch of minibatches (from a fresh random offset, but for {@link Sampling#BATCHIFY}). */
    @Override
    public Iterator<Minibatch> iterator() {
        return switch (sampling) {
            case RANDOM -> new RandomEpoch();
            case SEQUENTIAL -> new SequentialEpoch();
            case BATCHIFY -> new BatchifyEpoch();
        };
    }

    /**
     * The minibatches as DJL batches, one epoch per iteration, each batch in its own
     * sub-manager of {@code manager}, closed with the batch. The data is X (batch, steps), the
     * label Y in step-major order, {@code Y.T.reshape(-1)}, the order of {@code RNNModel}'s
     * logits; both int32.
     *
     * @throws IllegalStateException with sequential partitioning or {@link Sampling#BATCHIFY},
     *     whose minibatches continue the previous ones' state, which DJL's {@code Trainer} does
     *     not carry over
     */
    @Override
    public Iterable<Batch> getData(NDManager manager) {
        if (sampling.carriesState()) {
            throw new IllegalStateException("A SeqDataLoader is a DJL Dataset with random sampling only: " + sampling
                    + " sampling carries the state from one minibatch to the next, which DJL's Trainer does not");
        }
        return () -> new Batches(manager, new RandomEpoch());
    }

    /** Nothing to prepare: the corpus is in memory. */
    @Override
    public void prepare(Progress progress) {}

    /**
     * A random offset in [0, bound], narrowed on corpora so short that d2l's full range would
     * leave no complete minibatch (d2l's range whenever the corpus allows it).
     */
    private int offset(int bound) {
        int spare = corpus.length - 1 - batchSize * numSteps;
        return random.nextInt(Math.min(bound, spare) + 1);
    }

    /**
     * One minibatch: X and Y of shape (batchSize, numSteps) in row-major order; Y is X shifted
     * by one token in the corpus.
     */
    public record Minibatch(int[] x, int[] y, int batchSize, int numSteps) {

        /** X and Y as int32 arrays of shape (batchSize, numSteps) in {@code manager}. */
        public NDList toNDList(NDManager manager) {
            Shape shape = new Shape(batchSize, numSteps);
            NDArray xs = manager.create(x, shape);
            NDArray ys = manager.create(y, shape);
            return new NDList(xs, ys);
        }

        /** Tokens in X (batchSize * numSteps). */
        public int tokens() {
            return x.length;
        }
    }

    /** An epoch's minibatches as DJL batches, each in a sub-manager of its own. */
    private static final class Batches implements Iterator<Batch> {
        private final NDManager manager;
        private final Epoch epoch;

        Batches(NDManager manager, Epoch epoch) {
            this.manager = manager;
            this.epoch = epoch;
        }

        @Override
        public boolean hasNext() {
            return epoch.hasNext();
        }

        @Override
        public Batch next() {
            long index = epoch.next;
            Minibatch minibatch = epoch.next();
            NDManager scope = manager.newSubManager();
            NDList xy = minibatch.toNDList(scope);
            NDArray labels = xy.get(1).transpose().reshape(-1);
            return new Batch(scope, new NDList(xy.get(0)), new NDList(labels), minibatch.batchSize(), null, null, index,
                    epoch.batches);
        }
    }

    /** An epoch's minibatches: row {@code row} of minibatch {@code k} starts at {@link #start}. */
    private abstract class Epoch implements Iterator<Minibatch> {
        private final int batches;
        private int next;

        Epoch(int batches) {
            this.batches = batches;
        }

        abstract int start(int batch, int row);

        /** The steps of minibatch {@code batch}. */
        int steps(int batch) {
            return numSteps;
        }

        @Override
        public boolean hasNext() {
            return next < batches;
        }

        @Override
        public Minibatch next() {
            if (!hasNext()) {
                throw new NoSuchElementException("Epoch has " + batches + " minibatches");
            }
            int steps = steps(next);
            int[] x = new int[batchSize * steps];
            int[] y = new int[batchSize * steps];
            for (int row = 0; row < batchSize; row++) {
                int start = start(next, row);
                System.arraycopy(corpus, start, x, row * steps, steps);
                System.arraycopy(corpus, start + 1, y, row * steps, steps);
            }
            next++;
            return new Minibatch(x, y, batchSize, steps);
        }
    }

    /** d2l's seq_data_iter_random: non-overlapping subsequences in shuffled order. */
    private final class RandomEpoch extends Epoch {
        private final int[] starts;

        RandomEpoch() {
            this(offset(numSteps - 1));
        }

        private RandomEpoch(int offset) {
            super((corpus.length - offset - 1) / numSteps / batchSize);
            starts = new int[(corpus.length - offset - 1) / numSteps];
            for (int i = 0; i < starts.length; i++) {
                starts[i] = offset + i * numSteps;
            }
            for (int i = starts.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = starts[i];
                starts[i] = starts[j];
                starts[j] = t;
            }
        }

        @Override
        int start(int batch, int row) {
            return starts[batch * batchSize + row];
        }
    }

    /** d2l's seq_data_iter_sequential: the corpus reshaped batch-major, cut into column blocks. */
    private final class SequentialEpoch extends Epoch {
        private final int offset;
        private final int rowLength;

        SequentialEpoch() {
            this(offset(numSteps));
        }

        private SequentialEpoch(int offset) {
            super((corpus.length - offset - 1) / batchSize / numSteps);
            this.offset = offset;
            this.rowLength = (corpus.length - offset - 1) / batchSize;
        }

        @Override
        int start(int batch, int row) {
            return offset + row * rowLength + batch * numSteps;
        }
    }

    /**
     * word_language_model's {@code batchify} and {@code get_batch}: the corpus as {@code
     * batchSize} rows from its first token, cut into blocks of {@code numSteps} columns; every
     * token of a row but its last is predicted, so the last block may be narrower.
     */
    private final class BatchifyEpoch extends Epoch {
        private final int rowLength = corpus.length / batchSize;

        BatchifyEpoch() {
            super(batchesPerEpoch());
        }

        @Override
        int start(int batch, int row) {
            return row * rowLength + batch * numSteps;
        }

        @Override
        int steps(int batch) {
            return Math.min(numSteps, rowLength - 1 - batch * numSteps);
        }
    }

    @Override
    public String toString() {
        return "SeqDataLoader[" + corpus.length + " tokens, batch " + batchSize + ", steps " + numSteps + ", " + sampling
                + "]";
    }
}
