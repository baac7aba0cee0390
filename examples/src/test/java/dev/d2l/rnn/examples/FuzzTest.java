package dev.d2l.rnn.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.d2l.rnn.checkpoint.Checkpoint;
import dev.d2l.rnn.engine.Engines;
import dev.d2l.rnn.model.LanguageModel;
import dev.d2l.rnn.train.EpochPosition;
import dev.d2l.rnn.train.Updater;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A seeded, bounded fuzz pass over what a user or a file can hand the CLI: every option with
 * values of the wrong type, out of range, empty, huge or NaN; every checkpoint file truncated,
 * flipped, swapped with another checkpoint's or crafted; text files in odd encodings and with odd
 * line endings. Each case must end in a correct run (exit 0) or in one line {@code d2l: ...} and
 * exit 2: never a stack trace, exit 1, a JVM crash, or a changed checkpoint. Runs in-process
 * through the CLI's entry point; the counts it prints are examples/README.md's.
 */
class FuzzTest {

    private static final long SEED = 21;
    /** Small sizes, so that a value that passes trains in a fraction of a second. */
    private static final List<String> SMALL = List.of("--epochs", "1", "--max-tokens", "400", "--hidden", "4", "--batch-size",
            "2", "--num-steps", "5", "--length", "3", "--quiet");

    @TempDir
    static Path folder;
    private static Path corpus;
    private static Path checkpoint;
    private static Path otherCheckpoint;
    private static Path midEpoch;

    private final Map<String, int[]> tally = new TreeMap<>();
    private final List<String> failures = new ArrayList<>();

    @BeforeAll
    static void aCorpusAndTwoCheckpoints() throws Exception {
        System.setProperty("java.awt.headless", "true");
        corpus = folder.resolve("corpus.txt");
        StringBuilder text = new StringBuilder();
        Random random = new Random(SEED);
        String[] words = {"the", "time", "traveller", "machine", "psychologist", "filby", "said", "a", "of", "and"};
        while (text.length() < 3000) {
            text.append(words[random.nextInt(words.length)]).append(text.length() % 60 < 8 ? "\n" : " ");
        }
        Files.writeString(corpus, text);
        checkpoint = folder.resolve("checkpoint");
        otherCheckpoint = folder.resolve("other");
        train("--output", checkpoint.toString(), "--optimizer", "adam", "--lr", "0.01");
        train("--output", otherCheckpoint.toString(), "--hidden", "6");
        midEpoch = folder.resolve("mid-epoch");
        saveStoppedInsideAnEpoch(otherCheckpoint, midEpoch);
    }

    /** What a run stopped by a signal in epoch 2 after 3 minibatches leaves, made through the API. */
    private static void saveStoppedInsideAnEpoch(Path from, Path to) {
        Checkpoint saved = Checkpoint.load(from);
        RunOptions run = new RunOptions();
        run.restore(saved.settings(), null);
        Engine engine = Engines.get("PyTorch");
        try (NDManager manager = engine.newBaseManager()) {
            LanguageModel model = run.newModel(manager, saved.vocab().size());
            saved.restore(model);
            Updater updater = run.newUpdater(manager);
            Map<String, String> settings = new LinkedHashMap<>(saved.settings());
            EpochPosition position = new EpochPosition(2, 3, 3 * 10 * 2.5, 3 * 10);
            NDList state = new NDList(manager.randomNormal(new Shape(run.data.batchSize, run.model.hidden)));
            Checkpoint.save(to, model, updater, saved.vocab(), settings, saved.run().orElseThrow(), position, state);
        }
    }

    private static void train(String... args) {
        List<String> all = new ArrayList<>(List.of("train", "--dataset", corpus.toString()));
        List<String> small = new ArrayList<>(SMALL);
        for (String arg : args) {
            small = arg.startsWith("--") ? small(small, arg) : small;
        }
        all.addAll(small);
        all.addAll(Arrays.asList(args));
        Cli.Outcome outcome = Cli.run(all.toArray(String[]::new));
        assertEquals(0, outcome.code(), outcome.toString());
    }

    /** The small options without {@code option} and its value, which the caller gives. */
    private static List<String> small(String option) {
        return small(SMALL, option);
    }

    private static List<String> small(List<String> options, String option) {
        List<String> small = new ArrayList<>(options);
        int given = small.indexOf(option);
        if (given >= 0) {
            small.remove(given + 1);
            small.remove(given);
        }
        return small;
    }

    /** Runs one case and checks its outcome; a case that fails is kept for the report at the end. */
    private void check(String family, String... args) {
        Cli.Outcome outcome = Cli.run(args);
        List<String> lines = outcome.err().lines().toList();
        boolean oneLine = outcome.code() == 2 && lines.size() == 1 && lines.get(0).startsWith("d2l: ")
                && !lines.get(0).contains("internal error");
        boolean clean = outcome.code() == 0 && lines.stream().noneMatch(l -> l.startsWith("\tat ") || l.contains("Exception"));
        if (!oneLine && !clean) {
            failures.add(family + ": d2l " + String.join(" ", args) + "\n" + outcome);
        }
        tally.computeIfAbsent(family, f -> new int[3])[outcome.code() == 0 ? 1 : 2]++;
        tally.get(family)[0]++;
    }

    private void report() {
        int[] all = new int[3];
        tally.values().forEach(n -> Arrays.setAll(all, i -> all[i] + n[i]));
        System.out.printf("fuzz total: %d inputs, %d correct runs, %d one-line errors (exit 2)%n", all[0], all[1], all[2]);
        tally.forEach((family, n) -> System.out.printf("fuzz %s: %d inputs, %d correct runs, %d one-line errors (exit 2)%n",
                family, n[0], n[1], n[2]));
        assertEquals("", String.join("\n\n", failures), failures.size() + " cases ended otherwise");
    }

    /** Values for an option of each kind: wrong type, out of range, empty, huge, NaN, and a few drawn at random. */
    private static List<String> values(String kind, Random random) {
        List<String> values = new ArrayList<>(List.of("", " ", "abc", "NaN", "-1", "0", "\u00e9\u5206", "--", "1 2"));
        switch (kind) {
            case "int" -> values.addAll(List.of("1.5", "0x10", "2147483648", "99999999999999999999", "-2147483648",
                    String.valueOf(1 + random.nextInt(6))));
            case "size" -> values.addAll(List.of("1.5", "2147483647", "99999999999999999999", "-2147483648", "100000000",
                    String.valueOf(1 + random.nextInt(6))));
            case "float" -> values.addAll(List.of("Infinity", "-Infinity", "1e39", "1e-45", "-0", "3e38",
                    String.valueOf(random.nextFloat() * 2)));
            case "long" -> values.addAll(List.of("9223372036854775807", "-9223372036854775808", "99999999999999999999",
                    String.valueOf(random.nextLong())));
            case "name" -> values.addAll(List.of("PYTORCH", "x".repeat(300), "gpu:99", "gpu:-1", "cpu:0", "gpu:abc", "null"));
            case "path" -> values.addAll(List.of("/nonexistent/file", "/dev/zero", "/dev/null", "/proc", "/",
                    folder.resolve("corpus.txt").toString(), folder.toString()));
            default -> throw new IllegalArgumentException(kind);
        }
        return values;
    }

    /**
     * Where an --output value lands: relative and missing folders inside the test's folder (a run
     * as root could create them anywhere), the test's folder itself replaced by a fresh one (it
     * holds the checkpoints that must not change); files and system folders as they are.
     */
    private static String outputFolder(String value, Random random) {
        if (value.equals(folder.toString()) || value.equals("/") || value.startsWith("/nonexistent")) {
            return folder.resolve("fresh-" + random.nextInt(1_000_000)).toString();
        }
        return value.isBlank() || value.startsWith("/") ? value : folder.resolve("out").resolve(value).toString();
    }

    @Test
    void everyOptionOfEveryCommand() {
        Random random = new Random(SEED);
        Map<String, String> train = new LinkedHashMap<>();
        for (String option : List.of("--hidden", "--layers", "--batch-size", "--num-steps")) {
            train.put(option, "size");
        }
        for (String option : List.of("--max-tokens", "--length", "--sample-every", "--checkpoint-every", "--memory-every")) {
            train.put(option, "int");
        }
        for (String option : List.of("--lr", "--clip")) {
            train.put(option, "float");
        }
        train.put("--seed", "long");
        for (String option : List.of("--model", "--tokens", "--activation", "--optimizer", "--sampling", "--gradients", "--engine",
                "--device", "--prefix")) {
            train.put(option, "name");
        }
        for (String option : List.of("--dataset", "--output", "--resume")) {
            train.put(option, "path");
        }
        for (Map.Entry<String, String> option : train.entrySet()) {
            for (String value : values(option.getValue(), random)) {
                List<String> args = new ArrayList<>(List.of("train", "--dataset", corpus.toString()));
                List<String> small = small(option.getKey());
                if (option.getKey().equals("--output")) {
                    value = outputFolder(value, random);
                }
                args.addAll(small);
                args.addAll(List.of(option.getKey(), value));
                check("train " + option.getKey(), args.toArray(String[]::new));
            }
        }
        // --epochs: a huge count is a correct run that trains for days; only values that end at once are tried.
        for (String value : List.of("", "abc", "NaN", "-1", "0", "1.5", "2147483648", "99999999999999999999")) {
            check("train --epochs", "train", "--dataset", corpus.toString(), "--epochs", value);
        }
        Map<String, String> generate = Map.of("--length", "int", "--temperature", "float", "--seed", "long", "--engine", "name",
                "--device", "name", "--prefix", "name", "--checkpoint", "path");
        for (Map.Entry<String, String> option : new TreeMap<>(generate).entrySet()) {
            for (String value : values(option.getValue(), random)) {
                List<String> args = new ArrayList<>(List.of("generate", "--checkpoint", checkpoint.toString(), "--prefix", "the",
                        "--length", "3"));
                args.addAll(List.of(option.getKey(), value));
                check("generate " + option.getKey(), args.toArray(String[]::new));
            }
        }
        for (String option : List.of("--top", "--dataset", "--tokens")) {
            for (String value : values(option.equals("--top") ? "int" : option.equals("--dataset") ? "path" : "name", random)) {
                check("stats " + option, "stats", "--dataset", corpus.toString(), "--output", folder.resolve("stats").toString(),
                        option, value);
            }
        }
        for (String value : values("name", random)) {
            check("compare --engines", "compare", "--dataset", corpus.toString(), "--epochs", "1", "--max-tokens", "400",
                    "--hidden", "4", "--batch-size", "2", "--num-steps", "5", "--quiet", "--output",
                    folder.resolve("compare").toString(), "--engines", value);
        }
        report();
    }

    @Test
    void everyCheckpointFileDamaged() throws Exception {
        Random random = new Random(SEED);
        damage(checkpoint, random);
        damage(midEpoch, random);
        report();
    }

    /** Each file of the checkpoint in {@code run}, damaged in turn, through generate and a resumed train. */
    private void damage(Path run, Random random) throws Exception {
        Path snapshot = StopSignalTest.snapshot(run);
        Path otherSnapshot = StopSignalTest.snapshot(otherCheckpoint);
        List<Path> files;
        try (Stream<Path> listed = Files.list(snapshot)) {
            files = new ArrayList<>(listed.sorted().toList());
        }
        files.add(run.resolve("checkpoint.txt"));
        for (Path file : files) {
            byte[] original = Files.readAllBytes(file);
            List<byte[]> damaged = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                damaged.add(Arrays.copyOf(original, random.nextInt(Math.max(1, original.length))));
            }
            damaged.add(new byte[0]);
            for (int i = 0; i < 3; i++) {
                byte[] flipped = original.clone();
                flipped[random.nextInt(flipped.length)] ^= (byte) (1 << random.nextInt(8));
                damaged.add(flipped);
            }
            Path swapped = file.getFileName().toString().equals("checkpoint.txt") ? otherCheckpoint.resolve("checkpoint.txt")
                    : otherSnapshot.resolve(file.getFileName());
            if (Files.exists(swapped)) {
                damaged.add(Files.readAllBytes(swapped));
            }
            byte[] noise = new byte[original.length];
            random.nextBytes(noise);
            damaged.add(noise);
            for (byte[] bytes : damaged) {
                for (boolean recomputed : file.getFileName().toString().equals("checkpoint.txt") ? new boolean[] {false}
                        : new boolean[] {false, true}) {
                    Files.write(file, bytes);
                    String index = Files.readString(run.resolve("checkpoint.txt"), StandardCharsets.ISO_8859_1);
                    if (recomputed) {
                        // A crafted file: its SHA-256 line made to match, as a careless edit or a bug could.
                        String digest = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
                        Files.writeString(run.resolve("checkpoint.txt"), index.replaceAll(
                                "sha256 " + java.util.regex.Pattern.quote(file.getFileName().toString()) + " \\w+",
                                "sha256 " + file.getFileName() + " " + digest), StandardCharsets.ISO_8859_1);
                    }
                    Map<Path, String> before = SlipsTest.contents(run);
                    String family = "checkpoint " + file.getFileName() + (recomputed ? " (SHA-256 recomputed)" : "");
                    check(family, "generate", "--checkpoint", run.toString(), "--prefix", "the", "--length", "3");
                    check(family, "train", "--resume", run.toString(), "--epochs", "2", "--quiet", "--output",
                            folder.resolve("resumed-" + random.nextInt(1_000_000)).toString());
                    assertEquals(before, SlipsTest.contents(run), family + ": the checkpoint changed");
                    Files.writeString(run.resolve("checkpoint.txt"), index, StandardCharsets.ISO_8859_1);
                }
            }
            Files.write(file, original);
        }
    }

    @Test
    void textFilesInOddEncodingsAndLineEndings() throws Exception {
        String text = Files.readString(corpus);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("crlf", text.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8));
        files.put("cr", text.replace("\n", "\r").getBytes(StandardCharsets.UTF_8));
        files.put("mixed endings", text.replace("a\n", "a\r").replace("e\n", "e\r\n").getBytes(StandardCharsets.UTF_8));
        files.put("utf-8 bom", ("\uFEFF" + text).getBytes(StandardCharsets.UTF_8));
        files.put("utf-16le bom", ("\uFEFF" + text).getBytes(StandardCharsets.UTF_16LE));
        files.put("utf-16be", text.getBytes(StandardCharsets.UTF_16BE));
        files.put("latin-1", (text + " caf\u00e9 na\u00efve").getBytes(StandardCharsets.ISO_8859_1));
        files.put("nul bytes", text.replace(' ', '\0').getBytes(StandardCharsets.UTF_8));
        files.put("only line breaks", "\n\r\n\r".repeat(500).getBytes(StandardCharsets.UTF_8));
        files.put("one character", "a".repeat(2000).getBytes(StandardCharsets.UTF_8));
        files.put("emoji and cjk", (text + " \uD83D\uDE00\u5206\u5F00 ").repeat(2).getBytes(StandardCharsets.UTF_8));
        files.put("lone surrogate (CESU-8)", (text + "\u00ed\u00a0\u0080").getBytes(StandardCharsets.ISO_8859_1));
        files.put("overlong utf-8", concat(text.getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xC0, (byte) 0xAF}));
        files.put("no final line break, one long line", text.replace("\n", " ").strip().getBytes(StandardCharsets.UTF_8));
        files.put("too short", "the time".getBytes(StandardCharsets.UTF_8));
        files.put("whitespace only", " \t \n \u3000 ".getBytes(StandardCharsets.UTF_8));
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            Path path = folder.resolve("odd-" + file.getKey().replaceAll("\\W+", "-") + ".txt");
            Files.write(path, file.getValue());
            for (String tokens : List.of("char", "word")) {
                List<String> args = new ArrayList<>(List.of("train", "--dataset", path.toString(), "--tokens", tokens));
                args.addAll(SMALL);
                check("text file", args.toArray(String[]::new));
            }
            check("text file", "stats", "--dataset", path.toString(), "--output", folder.resolve("stats").toString());
        }
        report();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
