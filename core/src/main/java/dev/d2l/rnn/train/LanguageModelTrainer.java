package dev.d2l.rnn.train;

import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.d2l.rnn.data.SeqDataLoader;
import dev.d2l.rnn.engine.Engines;
import dev.d2l.rnn.model.LanguageModel;
import dev.d2l.rnn.model.Step;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * d2l's {@code train_ch8}: trains a {@link LanguageModel} on minibatches of a
 * {@link SeqDataLoader}, with gradient clipping by global norm, and reports perplexity and
 * speed per epoch to its listeners.
 *
 * <p>With sequential partitioning the state is carried from one minibatch to the next and cut
 * from the previous minibatch's computation; with random sampling every minibatch starts
 * from a fresh state. Each minibatch's arrays live in their own {@link NDManager} scope,
 * closed at its end.
 *
 * <p>A {@link StopRequest} ({@link Builder#stopOn}) ends a run after the minibatch under way; the
 * listeners learn where it stands ({@link TrainListener#onStop}), and {@link #resume(SeqDataLoader,
 * EpochPosition, NDList, int, NDManager)} continues it from there exactly. Without detaching the
 * state ({@link Builder#detachState}) the graph of the epoch's earlier minibatches cannot be saved,
 * so there a stop waits for the end of the epoch under way.
 *
 * <p>Not thread-safe: one thread per trainer, and per model. Trainers of different models may
 * run on several threads of one engine at once and reach the parameters they reach one after
 * the other; on an engine that records gradients on one thread at a time the autograd source
 * makes them take turns per minibatch (see {@link dev.d2l.rnn.engine.GradientRecording#newGradientCollector}).
 */
public final class LanguageModelTrainer {

    private final LanguageModel model;
    private final GradientSource gradients;
    private final Updater updater;
    private final float clipTheta;
    private final boolean detachState;
    private final int sampleEvery;
    private final IntFunction<String> sampler;
    private final List<TrainListener> listeners;
    private final HeldOutPerplexity validation;
    private final LearningRateSchedule schedule;
    private final int patience;
    private final List<Double> earlierValidation;
    private final StopRequest stop;

    private LanguageModelTrainer(Builder b) {
        this.model = b.model;
        this.gradients = b.gradients;
        this.updater = b.updater;
        this.clipTheta = b.clipTheta;
        this.detachState = b.detachState;
        this.sampleEvery = b.sampleEvery;
        this.sampler = b.sampler;
        this.listeners = List.copyOf(b.listeners);
        this.validation = b.validation;
        this.schedule = b.schedule;
        this.patience = b.patience;
        this.earlierValidation = List.copyOf(b.earlierValidation);
        if (validation == null && (patience > 0 || (schedule != null && schedule.needsValidation()))) {
            throw new IllegalArgumentException("Patience and annealing need validation tokens (Builder.validation)");
        }
        this.stop = b.stop;
    }

    /**
     * A trainer for {@code model} with gradients from {@code gradients}, updated by {@code updater}.
     *
     * @throws IllegalArgumentException naming the model when the gradients are to come from BPTT
     *     and the model has none (it is no {@link dev.d2l.rnn.model.BpttModel})
     */
    public static Builder builder(LanguageModel model, GradientSource gradients, Updater updater) {
        return new Builder(model, gradients, updater);
    }

    /**
     * Trains for {@code epochs} epochs.
     *
     * @param data the minibatches; one pass over it is one epoch
     * @param manager the scope in which each epoch's arrays are created (and freed)
     * @return the perplexity and speed of every epoch, and where a stop request ended the run
     * @throws TrainingDivergedException at the first NaN or infinite loss, before it is applied
     */
    public Result fit(SeqDataLoader data, int epochs, NDManager manager) {
        return resume(data, 0, epochs, manager);
    }

    /**
     * Continues a run that stopped after {@code epochsDone} epochs (its model restored from a
     * checkpoint): trains epochs {@code epochsDone + 1} to {@code epochs}, numbered so in the
     * reports, on the minibatches the uninterrupted run would have drawn.
     *
     * @param data a fresh loader built as the interrupted run built it (same corpus, sizes and
     *     seed); it is fast-forwarded past the epochs done here
     * @return the figures of the epochs trained now
     * @throws IllegalArgumentException unless {@code 0 <= epochsDone < epochs}, or if the run
     *     validates and {@link Builder#history} does not hold {@code epochsDone} perplexities
     * @throws TrainingDivergedException at the first NaN or infinite loss, before it is applied
     */
    public Result resume(SeqDataLoader data, int epochsDone, int epochs, NDManager manager) {
        if (epochs <= 0) {
            throw new IllegalArgumentException("Number of epochs must be positive, got " + epochs);
        }
        if (epochsDone < 0 || epochsDone >= epochs) {
            throw new IllegalArgumentException("Epochs done must be in [0, " + epochs + "), got " + epochsDone);
        }
        return resume(data, EpochPosition.start(epochsDone + 1), new NDList(), epochs, manager);
    }

    /**
     * Continues a run that stopped inside an epoch ({@link TrainListener#onStop}): skips the
     * minibatches of {@code from} already trained and goes on from the state they left, so that
     * the run ends with the same parameters, bit for bit, as one that never stopped.
     *
     * @param data a fresh loader built as the interrupted run built it
     * @param from where the run stopped
     * @param state the state it carried into its next minibatch (sequential partitioning); empty
     *     at the start of an epoch and with random sampling. It is copied; the caller keeps it.
     * @throws IllegalArgumentException if {@code from} lies past {@code epochs} or past its epoch's
     *     minibatches, or the state does not fit the model and the loader, or the run validates and
     *     {@link Builder#history} does not hold a perplexity for every epoch before {@code from};
     *     nothing is trained then
     * @throws TrainingDivergedException at the first NaN or infinite loss, before it is applied
     */
    public Result resume(SeqDataLoader data, EpochPosition from, NDList state, int epochs, NDManager manager) {
        if (epochs <= 0) {
            throw new IllegalArgumentException("Number of epochs must be positive, got " + epochs);
        }
        if (from.epoch() > epochs) {
            throw new IllegalArgumentException("The run to resume stands in epoch " + from.epoch() + ", past the " + epochs
                    + " epochs asked for");
        }
        int epochsDone = from.epoch() - 1;
        if (validation != null && earlierValidation.size() != epochsDone) {
            throw new IllegalArgumentException("Resuming after " + epochsDone + " epochs needs their " + epochsDone
                    + " validation perplexities, got " + earlierValidation.size());
        }
        boolean carried = data.sampling().carriesState() && !from.atStart();
        if (!carried && !state.isEmpty()) {
            throw new IllegalArgumentException("A state to carry was given, but " + (from.atStart() ? "an epoch starts afresh"
                    : "random sampling starts every minibatch afresh"));
        }
        Engines.prepareThread(manager.getEngine());
        data.skipEpochs(epochsDone);
        List<Double> validated = new ArrayList<>(earlierValidation);
        List<TrainListener.EpochReport> history = new ArrayList<>(epochs - epochsDone);
        EpochPosition position = from;
        NDList carry = state;
        for (int epoch = from.epoch(); epoch <= epochs; epoch++) {
            double rate = Double.NaN;
            if (schedule != null) {
                rate = schedule.rate(epoch, validated);
                updater.setLearningRate((float) rate);
            }
            EpochOutcome outcome = runEpoch(data, position, carry, epochs, manager);
            if (outcome.stoppedAt() != null) {
                return new Result(history, epochs, outcome.stoppedAt());
            }
            TrainListener.EpochReport report = outcome.report();
            if (validation != null) {
                double valid = validation.of(model, manager);
                boolean improved = validated.stream().allMatch(v -> valid < v);
                validated.add(valid);
                report = new TrainListener.EpochReport(report.epoch(), epochs, report.perplexity(), report.tokensPerSecond(),
                        report.tokens(), report.sample(), valid, rate, improved);
            } else if (schedule != null) {
                report = new TrainListener.EpochReport(report.epoch(), epochs, report.perplexity(), report.tokensPerSecond(),
                        report.tokens(), report.sample(), Double.NaN, rate, false);
            }
            history.add(report);
            for (TrainListener listener : listeners) {
                listener.onEpoch(report);
            }
            if (patience > 0 && validated.size() - BestParameters.bestEpoch(validated) >= patience) {
                break;
            }
            position = EpochPosition.start(epoch + 1);
            carry = new NDList();
        }
        return new Result(history, epochs, null);
    }

    /** One epoch's report, or the position where a stop request ended it. */
    private record EpochOutcome(TrainListener.EpochReport report, EpochPosition stoppedAt) {}

    /** One epoch from {@code from} on. */
    private EpochOutcome runEpoch(SeqDataLoader data, EpochPosition from, NDList carried, int epochs, NDManager manager) {
        int epoch = from.epoch();
        boolean carryState = data.sampling().carriesState();
        double lossTimesTokens = from.lossTimesTokens();
        long tokens = from.tokens();
        long tokensNow = 0;
        long start = System.nanoTime();
        try (NDManager epochScope = manager.newSubManager()) {
            Iterator<SeqDataLoader.Minibatch> batches = data.iterator();
            NDList state = carried.isEmpty() ? null : copyOfState(carried, data.batchSize(), epochScope);
            int index = 0;
            for (; index < from.batches(); index++) {
                if (!batches.hasNext()) {
                    throw new IllegalArgumentException("The run to resume stands after minibatch " + from.batches()
                            + " of epoch " + epoch + ", which has only " + index);
                }
                batches.next();
            }
            for (; batches.hasNext(); index++) {
                // Without detaching, a resumed run could not backpropagate into the minibatches before the stop.
                if (stop != null && stop.isRequested() && (detachState || index == 0)) {
                    EpochPosition position = new EpochPosition(epoch, index, lossTimesTokens, tokens);
                    TrainListener.StopReport report = new TrainListener.StopReport(position, epochs,
                            state == null ? new NDList() : state);
                    for (TrainListener listener : listeners) {
                        listener.onStop(report);
                    }
                    return new EpochOutcome(null, position);
                }
                long batchStart = System.nanoTime();
                SeqDataLoader.Minibatch batch = batches.next();
                try (NDManager scope = epochScope.newSubManager()) {
                    // Results of operations on the parameters would otherwise pile up in the model's manager.
                    model.parameters().values().forEach(p -> p.tempAttach(scope));
                    NDList xy = batch.toNDList(scope);
                    if (state == null || !carryState) {
                        state = model.beginState(scope, batch.batchSize());
                    } else {
                        state.attach(scope);
                    }
                    Step<NDList> step = compute(xy, state, epoch, index);
                    float loss = step.loss().getFloat();
                    if (!Float.isFinite(loss)) {
                        throw new TrainingDivergedException(epoch, index, loss);
                    }
                    float norm = clipTheta > 0 ? GradientClipping.clip(step.gradients().values(), clipTheta) : Float.NaN;
                    updater.update(model.parameters(), step.gradients());
                    lossTimesTokens += (double) loss * batch.tokens();
                    tokens += batch.tokens();
                    tokensNow += batch.tokens();
                    state = carryState ? keep(step.output(), epochScope) : null;
                    TrainListener.BatchReport report = new TrainListener.BatchReport(epoch, index, loss, batch.tokens(),
                            (System.nanoTime() - batchStart) / 1e9, norm);
                    for (TrainListener listener : listeners) {
                        listener.onBatch(report);
                    }
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        String sample = sampler != null && sampleEvery > 0 && epoch % sampleEvery == 0 ? sampler.apply(epoch) : null;
        return new EpochOutcome(new TrainListener.EpochReport(epoch, epochs, Math.exp(lossTimesTokens / tokens),
                tokensNow / seconds, tokens, sample), null);
    }

    /** The carried state of a stopped run, checked against the model's, copied into {@code scope}. */
    private NDList copyOfState(NDList saved, int batchSize, NDManager scope) {
        try (NDManager probe = scope.newSubManager()) {
            NDList fresh = model.beginState(probe, batchSize);
            boolean fits = fresh.size() == saved.size();
            for (int i = 0; fits && i < fresh.size(); i++) {
                fits = fresh.get(i).getShape().equals(saved.get(i).getShape())
                        && fresh.get(i).getDataType() == saved.get(i).getDataType();
            }
            if (!fits) {
                throw new IllegalArgumentException("The carried state does not fit the model: it has shapes " + shapes(saved)
                        + ", the model's state has " + shapes(fresh));
            }
        }
        NDList copy = new NDList(saved.size());
        for (NDArray array : saved) {
            NDArray duplicate = array.duplicate();
            duplicate.attach(scope);
            copy.add(duplicate);
        }
        return copy;
    }

    private static List<String> shapes(NDList arrays) {
        List<String> shapes = new ArrayList<>();
        arrays.forEach(a -> shapes.add(a.getDataType() + " " + a.getShape()));
        return shapes;
    }

    private Step<NDList> compute(NDList xy, NDList state, int epoch, int index) {
        // Epoch and index number the minibatch the same way in every run and every resumed run.
        long minibatch = ((long) epoch << 32) | index;
        LanguageModelObjective objective = new LanguageModelObjective(model, xy.get(0), xy.get(1), state, minibatch);
        if (detachState || index == 0) {
            return gradients.compute(objective);
        }
        try {
            return gradients.compute(objective);
        } catch (EngineException e) {
            // The engine's own message goes on with advice (retain_graph) that does not apply here.
            String reason = String.valueOf(e.getMessage());
            int advice = reason.indexOf(" (");
            throw new UnsupportedOperationException("Without detaching the state, minibatch " + index + " of epoch " + epoch
                    + " must backpropagate into the previous minibatches, whose graph the engine has already freed"
                    + " (d2l's exercise shows the same): " + (advice > 0 ? reason.substring(0, advice) : reason), e);
        }
    }

    /** The state moved out of the minibatch's scope, cut from its graph unless told otherwise. */
    private NDList keep(NDList state, NDManager epochScope) {
        NDList kept = new NDList(state.size());
        for (NDArray array : state) {
            kept.add(detachState ? gradients.detach(array) : array);
        }
        kept.attach(epochScope);
        return kept;
    }

    /**
     * Every epoch's figures; the last is d2l's summary.
     *
     * @param epochs the epochs trained to their end, in order
     * @param planned the epoch the run was to train up to
     * @param stoppedAt where a {@link StopRequest} ended the run, or null if it trained every epoch
     *     (or patience ended it)
     */
    public record Result(List<TrainListener.EpochReport> epochs, int planned, EpochPosition stoppedAt) {

        /** Whether patience stopped the run before the planned epochs. */
        public boolean stoppedEarly() {
            return stoppedAt == null && !epochs.isEmpty() && last().epoch() < planned;
        }

        /** The lowest validation perplexity of the epochs trained now; NaN without validation. */
        public double bestValidPerplexity() {
            return epochs.stream().mapToDouble(TrainListener.EpochReport::validPerplexity).filter(v -> !Double.isNaN(v))
                    .min().orElse(Double.NaN);
        }

        /** Whether a stop request ended the run before its last epoch was done. */
        public boolean stopped() {
            return stoppedAt != null;
        }

        /**
         * Perplexity of the last epoch.
         *
         * @throws IllegalStateException if the run stopped before it finished an epoch
         */
        public double perplexity() {
            return last().perplexity();
        }

        /** Speed of the last epoch, tokens per second; see {@link #perplexity()}. */
        public double tokensPerSecond() {
            return last().tokensPerSecond();
        }

        private TrainListener.EpochReport last() {
            if (epochs.isEmpty()) {
                throw new IllegalStateException("The run stopped before it finished an epoch");
            }
            return epochs.get(epochs.size() - 1);
        }
    }

    /** Configures a {@link LanguageModelTrainer}; defaults follow d2l (clipping at 1, state detached). */
    public static final class Builder {
        private final LanguageModel model;
        private final GradientSource gradients;
        private final Updater updater;
        private float clipTheta = 1f;
        private boolean detachState = true;
        private int sampleEvery;
        private IntFunction<String> sampler;
        private final List<TrainListener> listeners = new ArrayList<>();
        private HeldOutPerplexity validation;
        private LearningRateSchedule schedule;
        private int patience;
        private List<Double> earlierValidation = List.of();
        private StopRequest stop;

        private Builder(LanguageModel model, GradientSource gradients, Updater updater) {
            this.model = Objects.requireNonNull(model, "model");
            this.gradients = Objects.requireNonNull(gradients, "gradients");
            this.updater = Objects.requireNonNull(updater, "updater");
            if (gradients instanceof BpttSource) {
                BpttSource.require(model);
            }
        }

        /** Clips gradients to global L2 norm {@code theta}; 0 or less turns clipping off (a d2l exercise). */
        public Builder clip(float theta) {
            this.clipTheta = theta;
            return this;
        }

        /**
         * Whether the carried state is cut from the previous minibatch's graph (d2l: yes).
         *
         * @throws IllegalArgumentException when asked not to detach with a gradient source that
         *     records no graph (BPTT always stops at the minibatch boundary)
         */
        public Builder detachState(boolean detach) {
            if (!detach && !gradients.recordsGraph()) {
                throw new IllegalArgumentException("Training without detaching the state needs a gradient source that "
                        + "records a graph (autograd); the " + gradients.name() + " backward pass always stops at the "
                        + "minibatch boundary");
            }
            this.detachState = detach;
            return this;
        }

        /** Calls {@code sampler} with the epoch every {@code every} epochs; its text goes into the epoch report. */
        public Builder sample(int every, IntFunction<String> sampler) {
            this.sampleEvery = every;
            this.sampler = sampler;
            return this;
        }

        /** Computes the validation perplexity after every epoch (word_language_model's {@code evaluate}). */
        public Builder validation(HeldOutPerplexity validation) {
            this.validation = Objects.requireNonNull(validation, "validation");
            return this;
        }

        /** Sets the updater's learning rate at the start of every epoch ({@link Updater#setLearningRate}). */
        public Builder schedule(LearningRateSchedule schedule) {
            this.schedule = Objects.requireNonNull(schedule, "schedule");
            return this;
        }

        /**
         * Stops after {@code epochs} epochs in a row without a validation perplexity below the best
         * before them; 0 (the default) never stops early.
         *
         * @throws IllegalArgumentException if {@code epochs} is negative
         */
        public Builder patience(int epochs) {
            if (epochs < 0) {
                throw new IllegalArgumentException("Patience must be zero (off) or more epochs, got " + epochs);
            }
            this.patience = epochs;
            return this;
        }

        /**
         * The validation perplexities of the epochs a resumed run trained before (epochs 1, 2, ...):
         * the schedule, the patience and the best epoch continue from them.
         */
        public Builder history(List<Double> validPerplexities) {
            this.earlierValidation = List.copyOf(validPerplexities);
            return this;
        }

        /** Adds a listener. */
        public Builder listener(TrainListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Stops training after the current minibatch once {@code stop} is requested (without
         * detaching the state: after the current epoch).
         */
        public Builder stopOn(StopRequest stop) {
            this.stop = Objects.requireNonNull(stop, "stop");
            return this;
        }

        /** The trainer. */
        public LanguageModelTrainer build() {
            return new LanguageModelTrainer(this);
        }
    }
}
