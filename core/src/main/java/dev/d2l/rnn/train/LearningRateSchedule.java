package dev.d2l.rnn.train;

import java.util.List;

/**
 * The learning rate of each epoch, a function of the epoch and of the validation perplexities
 * before it, so a resumed run that knows its history continues the schedule exactly. Two rules,
 * which multiply when both are on:
 * <ul>
 *   <li>annealing (PyTorch's word_language_model): after every epoch whose validation perplexity
 *       is not below the best before it, the rate is divided by the factor;
 *   <li>decay (Karpathy's char-rnn): epoch {@code after + k} trains at {@code factor^k} times the
 *       rate, for k = 1, 2, ...
 * </ul>
 */
public final class LearningRateSchedule {

    private final float base;
    private final double annealFactor;
    private final double decayFactor;
    private final int decayAfter;

    private LearningRateSchedule(float base, double annealFactor, double decayFactor, int decayAfter) {
        this.base = base;
        this.annealFactor = annealFactor;
        this.decayFactor = decayFactor;
        this.decayAfter = decayAfter;
    }

    /**
     * The rate {@code base} at every epoch, until a rule is added.
     *
     * @throws IllegalArgumentException unless {@code base} is positive and finite
     */
    public static LearningRateSchedule constant(float base) {
        if (!(base > 0) || Float.isInfinite(base)) {
            throw new IllegalArgumentException("Learning rate must be positive and finite, got " + base);
        }
        return new LearningRateSchedule(base, 1, 1, 0);
    }

    /**
     * Divides the rate by {@code factor} after every epoch without a better validation perplexity.
     *
     * @throws IllegalArgumentException unless {@code factor >= 1} and finite
     */
    public LearningRateSchedule anneal(double factor) {
        if (!(factor >= 1) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("The annealing factor must be 1 (off) or more, got " + factor);
        }
        return new LearningRateSchedule(base, factor, decayFactor, decayAfter);
    }

    /**
     * Multiplies the rate by {@code factor} for every epoch after epoch {@code after}.
     *
     * @throws IllegalArgumentException unless {@code factor} is in (0, 1] and {@code after >= 0}
     */
    public LearningRateSchedule decay(double factor, int after) {
        if (!(factor > 0 && factor <= 1)) {
            throw new IllegalArgumentException("The learning-rate decay must be in (0, 1], got " + factor);
        }
        if (after < 0) {
            throw new IllegalArgumentException("The epoch after which the rate decays must be zero or more, got " + after);
        }
        return new LearningRateSchedule(base, annealFactor, factor, after);
    }

    /** Whether the rate depends on the validation perplexity. */
    public boolean needsValidation() {
        return annealFactor != 1;
    }

    /**
     * The rate for {@code epoch} (1-based).
     *
     * @param validPerplexities the validation perplexities of epochs 1, 2, ... (at least up to
     *     {@code epoch - 1} when annealing; ignored otherwise)
     * @throws IllegalArgumentException if annealing and the history is shorter than {@code epoch - 1}
     */
    public float rate(int epoch, List<Double> validPerplexities) {
        double rate = base;
        if (annealFactor != 1) {
            if (validPerplexities.size() < epoch - 1) {
                throw new IllegalArgumentException("Annealing at epoch " + epoch + " needs the validation perplexities of the "
                        + (epoch - 1) + " epochs before it, got " + validPerplexities.size());
            }
            double best = Double.NaN;
            for (int e = 0; e < epoch - 1; e++) {
                double v = validPerplexities.get(e);
                if (Double.isNaN(best) || v < best) {
                    best = v;
                } else {
                    rate /= annealFactor;
                }
            }
        }
        if (decayFactor != 1 && epoch > decayAfter) {
            rate *= Math.pow(decayFactor, epoch - decayAfter);
        }
        return (float) rate;
    }

    @Override
    public String toString() {
        return "LearningRateSchedule[" + base + (annealFactor != 1 ? ", anneal /" + annealFactor : "")
                + (decayFactor != 1 ? ", decay x" + decayFactor + " after epoch " + decayAfter : "") + "]";
    }
}
