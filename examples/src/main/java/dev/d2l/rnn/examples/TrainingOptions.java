package dev.d2l.rnn.examples;

import dev.d2l.rnn.train.GradientChoice;
import dev.d2l.rnn.train.LearningRateSchedule;
import dev.d2l.rnn.train.TrainingSpec;
import dev.d2l.rnn.train.Updater;
import picocli.CommandLine.Option;

/**
 * The options that describe the training: its length, a {@link TrainingSpec} (updater, rate,
 * clipping, gradients), the learning-rate schedule and early stopping. Defaults: d2l 8.5's.
 */
final class TrainingOptions {

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "500", description = "epochs to train for, in all (default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--lr", paramLabel = "X", defaultValue = "1", description = "learning rate (default: ${DEFAULT-VALUE})")
    float lr;

    @Option(names = "--optimizer", paramLabel = "NAME", defaultValue = "sgd", converter = Choice.Updaters.class,
            completionCandidates = Choice.Updaters.class, description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    Updater.Kind optimizer;

    @Option(names = "--no-detach", description = "carry the state across minibatches without detaching it (a d2l exercise; "
            + "autograd only, and PyTorch refuses it)")
    boolean noDetach;

    @Option(names = "--clip", paramLabel = "X", defaultValue = "1", description = "gradient clipping threshold theta; 0 turns it off (default: ${DEFAULT-VALUE})")
    float clip;

    @Option(names = "--gradients", paramLabel = "SOURCE", defaultValue = "auto", converter = Choice.Gradients.class,
            completionCandidates = Choice.Gradients.class,
            description = Choice.Gradients.HELP)
    GradientChoice gradients;

    @Option(names = "--patience", paramLabel = "N", defaultValue = "0",
            description = "stop after N epochs without a better validation perplexity; 0: never (default: ${DEFAULT-VALUE})")
    int patience;

    @Option(names = "--anneal", paramLabel = "K", defaultValue = "1",
            description = "divide the learning rate by K after every epoch without a better validation perplexity; 1: off (default: ${DEFAULT-VALUE})")
    double anneal;

    @Option(names = "--lr-decay", paramLabel = "X", defaultValue = "1",
            description = "multiply the learning rate by X every epoch after --lr-decay-after; 1: off (default: ${DEFAULT-VALUE})")
    double lrDecay;

    @Option(names = "--lr-decay-after", paramLabel = "N", defaultValue = "0",
            description = "the last epoch at the full learning rate when it decays (default: ${DEFAULT-VALUE})")
    int lrDecayAfter;

    /**
     * @param validates whether the data holds a validation part, which patience and annealing need
     * @throws IllegalArgumentException naming the first option whose value does not fit
     */
    void validate(boolean validates) {
        OptionChecks.positive("--epochs", epochs);
        if (!(lr > 0) || Float.isInfinite(lr)) {
            throw new IllegalArgumentException("--lr must be positive and finite, got " + lr);
        }
        if (!(clip >= 0) || Float.isInfinite(clip)) {
            throw new IllegalArgumentException("--clip must be zero (off) or positive, got " + clip);
        }
        OptionChecks.notNegative("--patience", patience);
        OptionChecks.notNegative("--lr-decay-after", lrDecayAfter);
        schedule();
        if (!validates && (patience > 0 || anneal != 1)) {
            throw new IllegalArgumentException((patience > 0 ? "--patience" : "--anneal")
                    + " needs a validation part: give --valid-fraction, e.g. 0.1");
        }
    }

    /** The updater, its rate, the clipping and the gradients the options name. */
    TrainingSpec spec() {
        return TrainingSpec.builder()
                .updater(optimizer)
                .learningRate(lr)
                .clip(clip)
                .gradients(gradients)
                .detachState(!noDetach)
                .build();
    }

    /** The learning-rate schedule the options name, or null for a fixed rate. */
    LearningRateSchedule schedule() {
        if (anneal == 1 && lrDecay == 1) {
            return null;
        }
        return LearningRateSchedule.constant(lr).anneal(anneal).decay(lrDecay, lrDecayAfter);
    }
}
