package dev.d2l.rnn.train;

import ai.djl.ndarray.NDArray;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.Map;

/**
 * Any DJL {@link Optimizer} (SGD, Adam, ...) as an {@link Updater}, used outside a DJL
 * {@code Trainer}. The parameter's name serves as DJL's parameter id, which keys the optimizer's
 * state, which DJL keeps outside every NDManager (the garbage collector frees it) and private:
 * that state cannot be saved, so {@link #state()} throws except for {@link Updater#sgd}'s. DJL's
 * Adam needs a fused native op that TensorFlow lacks ({@code UnsupportedOperationException}); the
 * portable {@link Adam} runs everywhere.
 */
public final class OptimizerUpdater implements Updater {

    private final Optimizer optimizer;
    /** The algorithm whose empty state stands for this optimizer's, or null if its state matters. */
    private final String stateless;
    /** The rate {@link Updater#sgd}'s tracker reads; null for an optimizer wrapped as given. */
    private final float[] rate;

    /** Wraps {@code optimizer}, which must not be shared with another model. */
    public OptimizerUpdater(Optimizer optimizer) {
        this(optimizer, null, null);
    }

    private OptimizerUpdater(Optimizer optimizer, String stateless, float[] rate) {
        this.optimizer = optimizer;
        this.stateless = stateless;
        this.rate = rate;
    }

    /**
     * DJL's SGD without momentum: it keeps only an update count per parameter, which matters to
     * a DJL tracker alone; its rate is read from a field instead ({@link #setLearningRate}), so its
     * state is SGD's empty one.
     */
    static OptimizerUpdater fixedRateSgd(float learningRate) {
        float[] rate = {Sgd.checkRate(learningRate)};
        Tracker tracker = updates -> rate[0];
        return new OptimizerUpdater(Optimizer.sgd().setLearningRateTracker(tracker).build(), Sgd.NAME, rate);
    }

    /** @throws UnsupportedOperationException unless this is {@link Updater#sgd}'s, whose rate this sets */
    @Override
    public void setLearningRate(float learningRate) {
        if (rate == null) {
            throw new UnsupportedOperationException("The learning rate of a wrapped DJL " + optimizer.getClass().getSimpleName()
                    + " is its tracker's");
        }
        rate[0] = Sgd.checkRate(learningRate);
    }

    /** Calls {@code optimizer.update(name, parameter, gradient)}. */
    @Override
    public void update(String name, NDArray parameter, NDArray gradient) {
        optimizer.update(name, parameter, gradient);
    }

    /** @throws UnsupportedOperationException unless this is {@link Updater#sgd}'s */
    @Override
    public UpdaterState state() {
        return UpdaterState.empty(requireStateless());
    }

    /** @throws UnsupportedOperationException unless this is {@link Updater#sgd}'s */
    @Override
    public void restore(UpdaterState state, Map<String, NDArray> parameters) {
        state.requireEmpty(requireStateless());
    }

    private String requireStateless() {
        if (stateless == null) {
            throw new UnsupportedOperationException("DJL's " + optimizer.getClass().getSimpleName()
                    + " keeps its state private, so it cannot be saved or restored; the portable Adam and Sgd can");
        }
        return stateless;
    }
}
