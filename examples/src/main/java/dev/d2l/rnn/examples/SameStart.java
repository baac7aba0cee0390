package dev.d2l.rnn.examples;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.d2l.rnn.data.Corpora;
import dev.d2l.rnn.data.Corpus;
import dev.d2l.rnn.data.CorpusSplit;
import dev.d2l.rnn.data.DatasetStore;
import dev.d2l.rnn.data.Sampling;
import dev.d2l.rnn.data.SeqDataLoader;
import dev.d2l.rnn.data.TokenType;
import dev.d2l.rnn.engine.Engines;
import dev.d2l.rnn.model.RNNModel;
import dev.d2l.rnn.model.RecurrentCell;
import dev.d2l.rnn.model.RecurrentLayer;
import dev.d2l.rnn.train.GradientSource;
import dev.d2l.rnn.train.HeldOutPerplexity;
import dev.d2l.rnn.train.LanguageModelTrainer;
import dev.d2l.rnn.train.Sgd;
import dev.d2l.rnn.train.TrainListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The library against word_language_model from the same start: loads the initial weights that
 * {@code examples/scripts/same_start.py} took from the reference program, trains the model
 * on them (LSTM 2 x 200, embedding 200, batch 20, 35 steps, SGD lr 20, clipping at 0.25,
 * batchify minibatches) without dropout, whose masks no two programs draw alike, and prints every
 * minibatch's loss and gradient norm and every epoch's validation perplexity beside the
 * reference's, one column per engine. Usage: {@code SameStart DIR [epochs] [engine...]} (default
 * the epochs the script ran, every engine).
 */
public final class SameStart {

    private static final Pattern LAYER_PARAMETER = Pattern.compile("l_(\\d+)_(i2h|h2h)_(WEIGHT|BIAS)$");
    private static final Map<String, String> MODEL_PARAMETERS = Map.of(
            "embedding_weight", "emb.weight", "linear_weight", "dec.weight", "linear_bias", "dec.bias");

    private SameStart() {}

    /** Runs the comparison; see the class comment. Bad input is a one-line error and exit code 2. */
    public static void main(String[] args) {
        if (args.length == 0) {
            System.err.println("usage: SameStart DIR [epochs] [engine...]   (DIR written by examples/scripts/same_start.py)");
            System.exit(2);
        }
        try {
            compare(args);
        } catch (IllegalArgumentException e) {
            System.err.println("SameStart: " + e.getMessage());
            System.exit(2);
        }
    }

    private static void compare(String[] args) {
        Path dir = Path.of(args[0]);
        List<String[]> reference = readReference(dir.resolve("reference.tsv"));
        int next = 1;
        int epochs = reference.stream().mapToInt(r -> r[0].equals("valid") ? Integer.parseInt(r[1]) : 0).max().orElse(0);
        if (args.length > 1 && args[1].chars().allMatch(Character::isDigit)) {
            epochs = Integer.parseInt(args[1]);
            next = 2;
        }
        List<String> engines = args.length > next ? List.of(args).subList(next, args.length) : Engines.available();
        Corpus corpus = Corpora.loadCorpusTimeMachine(DatasetStore.standard(), TokenType.WORD, 0);
        checkVocabulary(corpus, dir.resolve("vocab.txt"));
        CorpusSplit split = CorpusSplit.of(corpus.indices(), 0.1, 0.1);

        Map<String, List<String>> columns = new LinkedHashMap<>();
        columns.put("reference", reference.stream().map(SameStart::figure).toList());
        List<String> rows = reference.stream().map(r -> r[0].equals("valid") ? "valid perplexity after epoch " + r[1]
                : "epoch " + r[1] + ", minibatch " + r[2] + ": loss, norm").toList();
        for (String name : engines) {
            columns.put(name, run(Engines.get(name), dir, split, corpus.vocab().size(), epochs));
        }
        System.out.println("| | " + String.join(" | ", columns.keySet()) + " |");
        System.out.println("|---" + "|---".repeat(columns.size()) + "|");
        int lines = columns.values().stream().mapToInt(List::size).max().orElse(0);
        for (int i = 0; i < lines; i++) {
            StringBuilder line = new StringBuilder("| " + (i < rows.size() ? rows.get(i) : ""));
            for (List<String> column : columns.values()) {
                line.append(" | ").append(i < column.size() ? column.get(i) : "");
            }
            System.out.println(line.append(" |"));
        }
    }

    /** The figures in the order of the reference's file: validation before training, then minibatches and epochs. */
    private static List<String> run(Engine engine, Path dir, CorpusSplit split, long vocabSize, int epochs) {
        List<String> figures = new ArrayList<>();
        try (NDManager manager = engine.newBaseManager()) {
            RecurrentLayer layer = RecurrentLayer.builder().setCell(RecurrentCell.LSTM).setHiddenSize(200).optLayers(2).build();
            RNNModel model = RNNModel.builder(layer, vocabSize).optEmbedding(200).create(manager);
            load(model, dir);
            HeldOutPerplexity validation = new HeldOutPerplexity(split.valid(), 10, 35);
            figures.add(String.format(Locale.ROOT, "%.4f", validation.of(model, manager)));
            TrainListener recorder = new TrainListener() {
                @Override
                public void onBatch(BatchReport r) {
                    figures.add(String.format(Locale.ROOT, "%.6f, %.6f", r.loss(), r.gradientNorm()));
                }

                @Override
                public void onEpoch(EpochReport r) {
                    figures.add(String.format(Locale.ROOT, "%.4f", r.validPerplexity()));
                }
            };
            LanguageModelTrainer.builder(model, GradientSource.preferred(engine, model), new Sgd(20f))
                    .clip(0.25f)
                    .validation(validation)
                    .listener(recorder)
                    .build()
                    .fit(new SeqDataLoader(split.train(), 20, 35, Sampling.BATCHIFY, 0), epochs, manager);
        }
        return figures;
    }

    /** Copies every parameter of {@code model} from the file torch's name for it names. */
    static void load(RNNModel model, Path dir) {
        for (Pair<String, Parameter> p : model.getParameters()) {
            Path file = dir.resolve(torchName(p.getKey()) + ".f32");
            long expected = p.getValue().getArray().getShape().size();
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(file);
            } catch (NoSuchFileException e) {
                throw new IllegalArgumentException("No weights for " + p.getKey() + ": " + file + " is missing", e);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (bytes.length != expected * Float.BYTES) {
                throw new IllegalArgumentException(file + " holds " + bytes.length + " bytes; " + p.getKey() + " of shape "
                        + p.getValue().getArray().getShape() + " needs " + expected * Float.BYTES);
            }
            float[] values = new float[Math.toIntExact(expected)];
            ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
            p.getValue().getArray().set(values);
        }
    }

    /** torch's name of one of the model's parameters: {@code 01rnn_l_1_h2h_BIAS} is {@code rnn.bias_hh_l1}. */
    static String torchName(String parameter) {
        for (Map.Entry<String, String> e : MODEL_PARAMETERS.entrySet()) {
            if (parameter.endsWith(e.getKey())) {
                return e.getValue();
            }
        }
        Matcher m = LAYER_PARAMETER.matcher(parameter);
        if (!m.find()) {
            throw new IllegalArgumentException("No torch name for the parameter " + parameter);
        }
        return "rnn." + m.group(3).toLowerCase(Locale.ROOT) + "_" + m.group(2).replace("2", "") + "_l" + m.group(1);
    }

    private static void checkVocabulary(Corpus corpus, Path file) {
        List<String> theirs = readLines(file).stream().map(r -> r[0]).toList();
        if (!theirs.equals(corpus.vocab().tokens())) {
            throw new IllegalArgumentException("The reference's vocabulary (" + theirs.size() + " tokens in " + file
                    + ") is not the library's (" + corpus.vocab().size() + " tokens): the two would read different ids");
        }
    }

    /** same_start.py's lines: {@code valid epoch perplexity} and {@code batch epoch index loss norm}. */
    static List<String[]> readReference(Path file) {
        List<String[]> lines = readLines(file);
        for (String[] r : lines) {
            boolean valid = r[0].equals("valid") && r.length == 3 || r[0].equals("batch") && r.length == 5;
            if (!valid || !r[1].chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException(file + " has a line same_start.py does not write: '" + String.join("\t", r)
                        + "' (expected 'valid EPOCH PERPLEXITY' or 'batch EPOCH INDEX LOSS NORM', tab-separated)");
            }
        }
        return lines;
    }

    private static String figure(String[] r) {
        return r[0].equals("valid") ? r[2] : r[3] + ", " + r[4];
    }

    private static List<String[]> readLines(Path file) {
        try {
            return Files.readAllLines(file).stream().filter(l -> !l.isEmpty()).map(l -> l.split("\t")).toList();
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + " is missing: write the folder with examples/scripts/same_start.py", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
