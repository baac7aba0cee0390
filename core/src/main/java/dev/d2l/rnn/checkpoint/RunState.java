package dev.d2l.rnn.checkpoint;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Where the training run that wrote a checkpoint stands: epochs done, the perplexity of each,
 * and the engine it ran on. A checkpoint that does not record its engine (one written by hand,
 * or by another tool) loads with the engine and its version null: {@link #recordedEngine()} is
 * then empty, and the caller picks the default engine, as for a new run.
 *
 * @param epochsDone epochs trained, in all
 * @param perplexities the perplexity of each epoch trained, in order
 * @param engine the engine's name as DJL spells it; null if the checkpoint does not record it
 * @param engineVersion the engine's version; null if the checkpoint does not record it
 */
public record RunState(int epochsDone, List<Double> perplexities, String engine, String engineVersion) {

    static final String FILE = "run.txt";
    private static final String EPOCHS_DONE = "epochs-done";
    private static final String PERPLEXITY = "perplexity";
    private static final String ENGINE = "engine";
    private static final String ENGINE_VERSION = "engine-version";

    /** @throws IllegalArgumentException for a negative count, or an engine name or version that is not one line */
    public RunState {
        if (epochsDone < 0) {
            throw new IllegalArgumentException("Epochs done must be zero or more, got " + epochsDone);
        }
        perplexities = List.copyOf(perplexities);
        for (String name : new String[] {engine, engineVersion}) {
            if (name != null && (name.isEmpty() || name.indexOf('\n') >= 0 || name.indexOf('\r') >= 0)) {
                throw new IllegalArgumentException("An engine's name and version must be one line of text, got '" + name + "'");
            }
        }
    }

    /** The engine the run trained on, as DJL spells it; empty if the checkpoint does not record it. */
    public Optional<String> recordedEngine() {
        return Optional.ofNullable(engine);
    }

    /** The text of {@value #FILE}; an engine or version not recorded has no line. */
    String text() {
        Map<String, String> lines = new LinkedHashMap<>();
        lines.put(EPOCHS_DONE, String.valueOf(epochsDone));
        lines.put(PERPLEXITY, perplexities.stream().map(String::valueOf).collect(Collectors.joining(",")));
        if (engine != null) {
            lines.put(ENGINE, engine);
        }
        if (engineVersion != null) {
            lines.put(ENGINE_VERSION, engineVersion);
        }
        return SettingsText.text("where the run that wrote this checkpoint stands", lines);
    }

    /**
     * The state in {@code lines} (key=value): those of {@value #FILE}, or the settings of a
     * checkpoint written before it had that file; null if they hold none.
     *
     * @throws IllegalArgumentException for a value that cannot be read
     */
    static RunState parse(Map<String, String> lines) {
        String epochs = lines.get(EPOCHS_DONE);
        if (epochs == null) {
            return null;
        }
        String text = lines.getOrDefault(PERPLEXITY, "");
        List<Double> perplexities = new ArrayList<>();
        try {
            for (String value : text.isEmpty() ? new String[0] : text.split(",")) {
                perplexities.add(Double.valueOf(value));
            }
            return new RunState(Integer.parseInt(epochs), perplexities, lines.get(ENGINE), lines.get(ENGINE_VERSION));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the run's state is not readable: " + e.getMessage(), e);
        }
    }
}
