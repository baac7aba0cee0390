package dev.d2l.rnn.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.d2l.rnn.engine.InPlace;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Keeps a copy of a model's parameters as they were after the epoch with the lowest validation
 * perplexity so far (word_language_model's best model), to be put back before the test
 * perplexity is computed. The copies are host arrays in the parameters' own type, so putting
 * them back restores the values bit for bit, on any engine, and holds no native memory.
 */
public final class BestParameters implements TrainListener {

    private final Map<String, NDArray> parameters;
    private final Map<String, Object> best = new LinkedHashMap<>();
    private int epoch;

    /** Watches {@code parameters}, a model's by name ({@code LanguageModel.parameters()}). */
    public BestParameters(Map<String, NDArray> parameters) {
        this.parameters = parameters;
    }

    @Override
    public void onEpoch(EpochReport report) {
        if (!report.improved()) {
            return;
        }
        for (Map.Entry<String, NDArray> entry : parameters.entrySet()) {
            NDArray array = entry.getValue();
            best.put(entry.getKey(), array.getDataType() == DataType.FLOAT64 ? array.toDoubleArray() : array.toFloatArray());
        }
        epoch = report.epoch();
    }

    /**
     * The best epoch of a history: the first (1-based) with the lowest validation perplexity.
     *
     * @throws IllegalArgumentException if the history is empty
     */
    public static int bestEpoch(List<Double> validPerplexities) {
        if (validPerplexities.isEmpty()) {
            throw new IllegalArgumentException("No validation perplexities to choose from");
        }
        int best = 0;
        for (int i = 1; i < validPerplexities.size(); i++) {
            if (validPerplexities.get(i) < validPerplexities.get(best)) {
                best = i;
            }
        }
        return best + 1;
    }

    /** The epoch whose parameters are kept, if an epoch of this run improved on the validation perplexity. */
    public OptionalInt epoch() {
        return best.isEmpty() ? OptionalInt.empty() : OptionalInt.of(epoch);
    }

    /**
     * Copies the kept parameters back into the model's arrays.
     *
     * @throws IllegalStateException if no epoch of this run improved on the validation perplexity
     */
    public void restore() {
        if (best.isEmpty()) {
            throw new IllegalStateException("No epoch of this run improved on the validation perplexity");
        }
        for (Map.Entry<String, NDArray> entry : parameters.entrySet()) {
            NDArray parameter = entry.getValue();
            Object copy = best.get(entry.getKey());
            try (NDManager scope = parameter.getManager().newSubManager()) {
                NDArray saved = copy instanceof double[] values
                        ? scope.create(values, parameter.getShape())
                        : scope.create((float[]) copy, parameter.getShape());
                InPlace.assign(parameter, saved);
            }
        }
    }
}
