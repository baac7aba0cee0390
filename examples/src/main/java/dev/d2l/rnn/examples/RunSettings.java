package dev.d2l.rnn.examples;

import dev.d2l.rnn.data.Sampling;
import dev.d2l.rnn.data.TokenType;
import dev.d2l.rnn.model.ModelSpec;
import dev.d2l.rnn.model.RNNModelScratch;
import dev.d2l.rnn.train.GradientChoice;
import dev.d2l.rnn.train.Updater;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;
import picocli.CommandLine.ParseResult;

/**
 * {@link RunOptions} as a checkpoint's settings: one text value per option, keyed by the option's
 * name without dashes, in the format checkpoints have always had, so that old ones load.
 */
final class RunSettings {

    /**
     * Every option a checkpoint keeps; the model's are {@link ModelSpec}'s settings, under the same
     * keys. Fixed ones define the model or its data and cannot change when a run resumes; the others may.
     */
    private static final List<Setting> SETTINGS = List.of(
            new Setting("model", true, o -> lower(o.model.kind), (o, v) -> o.model.kind = ModelSpec.Kind.parse(v)),
            new Setting("activation", true, o -> lower(o.model.activation),
                    (o, v) -> o.model.activation = RNNModelScratch.Activation.parse(v)),
            new Setting("hidden", true, o -> String.valueOf(o.model.hidden), (o, v) -> o.model.hidden = Integer.parseInt(v)),
            new Setting("layers", true, o -> String.valueOf(o.model.layers), (o, v) -> o.model.layers = Integer.parseInt(v)),
            new Setting("directions", true, o -> String.valueOf(o.model.directions), (o, v) -> o.model.directions = Integer.parseInt(v), "1"),
            new Setting("tokens", true, o -> lower(o.data.tokens), (o, v) -> o.data.tokens = TokenType.parse(v)),
            new Setting("dataset", true, o -> o.data.datasetSetting(), (o, v) -> o.data.dataset = v),
            new Setting("max-tokens", true, o -> String.valueOf(o.data.maxTokens), (o, v) -> o.data.maxTokens = Integer.parseInt(v)),
            new Setting("batch-size", true, o -> String.valueOf(o.data.batchSize), (o, v) -> o.data.batchSize = Integer.parseInt(v)),
            new Setting("num-steps", true, o -> String.valueOf(o.data.numSteps), (o, v) -> o.data.numSteps = Integer.parseInt(v)),
            new Setting("sampling", true, o -> o.data.sampling.toString(), (o, v) -> o.data.sampling = Sampling.parse(v)),
            new Setting("seed", true, o -> String.valueOf(o.seed), (o, v) -> o.seed = Long.parseLong(v)),
            new Setting("lr", false, o -> String.valueOf(o.training.lr), (o, v) -> o.training.lr = Float.parseFloat(v)),
            new Setting("optimizer", false, o -> o.training.optimizer.toString(), (o, v) -> o.training.optimizer = Updater.Kind.parse(v)),
            new Setting("clip", false, o -> String.valueOf(o.training.clip), (o, v) -> o.training.clip = Float.parseFloat(v)),
            new Setting("gradients", false, o -> o.training.gradients.toString(),
                    (o, v) -> o.training.gradients = GradientChoice.parse(v)),
            new Setting("epochs", false, o -> String.valueOf(o.training.epochs), (o, v) -> o.training.epochs = Integer.parseInt(v)),
            new Setting("embedding", true, o -> String.valueOf(o.model.embedding), (o, v) -> o.model.embedding = Integer.parseInt(v), "0"),
            new Setting("dropout", true, o -> String.valueOf(o.model.dropout), (o, v) -> o.model.dropout = Double.parseDouble(v), "0"),
            new Setting("tie", true, o -> String.valueOf(o.model.tie), (o, v) -> o.model.tie = Boolean.parseBoolean(v), "false"),
            new Setting("valid-fraction", true, o -> String.valueOf(o.data.validFraction),
                    (o, v) -> o.data.validFraction = Double.parseDouble(v), "0"),
            new Setting("test-fraction", true, o -> String.valueOf(o.data.testFraction),
                    (o, v) -> o.data.testFraction = Double.parseDouble(v), "0"),
            new Setting("eval-batch-size", true, o -> String.valueOf(o.data.evalBatchSize),
                    (o, v) -> o.data.evalBatchSize = Integer.parseInt(v), "10"),
            new Setting("patience", false, o -> String.valueOf(o.training.patience), (o, v) -> o.training.patience = Integer.parseInt(v), "0"),
            new Setting("anneal", false, o -> String.valueOf(o.training.anneal), (o, v) -> o.training.anneal = Double.parseDouble(v), "1"),
            new Setting("lr-decay", false, o -> String.valueOf(o.training.lrDecay), (o, v) -> o.training.lrDecay = Double.parseDouble(v), "1"),
            new Setting("lr-decay-after", false, o -> String.valueOf(o.training.lrDecayAfter),
                    (o, v) -> o.training.lrDecayAfter = Integer.parseInt(v), "0"));

    private RunSettings() {}

    /** The options a checkpoint keeps, by option name without dashes. */
    static Map<String, String> of(RunOptions options) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (Setting setting : SETTINGS) {
            settings.put(setting.name, setting.get.apply(options));
        }
        return settings;
    }

    /**
     * Takes the options of a checkpoint's run, except those the user gave on this command line;
     * giving a different value for one that defines the model or its data is an error.
     *
     * @param given this command line's parse result, or null to take every saved option
     * @throws IllegalArgumentException for a conflicting option or an unreadable setting
     */
    static void restore(RunOptions options, Map<String, String> saved, ParseResult given) {
        List<String> conflicts = new ArrayList<>();
        for (Setting setting : SETTINGS) {
            String value = saved.getOrDefault(setting.name, setting.absent);
            if (value == null) {
                throw new IllegalArgumentException("The checkpoint lacks the setting '" + setting.name + "'");
            }
            boolean explicit = given != null && given.hasMatchedOption("--" + setting.name);
            if (explicit && setting.fixed && !setting.get.apply(options).equals(value)) {
                conflicts.add("--" + setting.name + " " + setting.get.apply(options) + " (the checkpoint has " + value + ")");
            } else if (!explicit) {
                try {
                    setting.set.accept(options, value);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("The checkpoint's setting " + setting.name + "=" + value
                            + " is not valid: " + e.getMessage(), e);
                }
            }
        }
        if (!conflicts.isEmpty()) {
            throw new IllegalArgumentException("These options differ from the checkpoint's run, which they define: "
                    + String.join(", ", conflicts));
        }
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    /**
     * One option as a checkpoint setting: its name without dashes, how to read and write it as
     * text, and the value of checkpoints written before the option existed (null: none).
     */
    private record Setting(String name, boolean fixed, Function<RunOptions, String> get, BiConsumer<RunOptions, String> set,
            String absent) {

        /** A setting every checkpoint has. */
        Setting(String name, boolean fixed, Function<RunOptions, String> get, BiConsumer<RunOptions, String> set) {
            this(name, fixed, get, set, null);
        }
    }
}
