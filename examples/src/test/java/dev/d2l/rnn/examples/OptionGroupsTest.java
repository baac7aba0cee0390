package dev.d2l.rnn.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.d2l.rnn.data.TokenType;
import dev.d2l.rnn.model.ModelSpec;
import dev.d2l.rnn.model.RNNModelScratch;
import dev.d2l.rnn.train.GradientChoice;
import dev.d2l.rnn.train.TrainingSpec;
import dev.d2l.rnn.train.Updater;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** The option groups turn into core's descriptions; closed sets list their values; settings keep their format. */
class OptionGroupsTest {

    private static RunOptions parsed(String... args) {
        RunOptions run = new RunOptions();
        new CommandLine(run).parseArgs(args);
        return run;
    }

    @Test
    void theGroupsBecomeCoresDescriptions() {
        RunOptions run = parsed("--model", "GRU", "--hidden", "64", "--layers", "2", "--directions", "2", "--tokens", "word",
                "--seed", "7", "--embedding", "64", "--tie", "--dropout", "0.25", "--optimizer", "Adam", "--lr", "0.01",
                "--clip", "0", "--gradients", "bptt");
        assertEquals(ModelSpec.builder().kind(ModelSpec.Kind.GRU).hidden(64).layers(2).directions(2).tokens(TokenType.WORD)
                .seed(7).embedding(64).tie(true).dropout(0.25).build(), run.spec());
        assertEquals(new TrainingSpec(Updater.Kind.ADAM, 0.01f, 0f, GradientChoice.BPTT, true), run.training.spec());
        assertEquals(new TrainingSpec(Updater.Kind.SGD, 1f, 1f, GradientChoice.AUTO, false),
                parsed("--no-detach").training.spec());
        assertEquals(ModelSpec.builder().build(), parsed().spec());
    }

    @Test
    void closedSetsListTheirValuesForCompletionAndHelp() {
        CommandSpec train = D2l.commandLine().getSubcommands().get("train").getCommandSpec();
        Map<String, List<String>> expected = new LinkedHashMap<>();
        expected.put("--model", List.of("scratch", "rnn", "gru", "lstm"));
        expected.put("--activation", List.of("tanh", "relu"));
        expected.put("--tokens", List.of("word", "char"));
        expected.put("--sampling", List.of("random", "sequential", "batchify"));
        expected.put("--optimizer", List.of("sgd", "adam"));
        expected.put("--gradients", List.of("auto", "autograd", "bptt"));
        expected.forEach((option, values) -> {
            List<String> candidates = new ArrayList<>();
            train.findOption(option).completionCandidates().forEach(candidates::add);
            assertEquals(values, candidates, option);
        });
        String help = Cli.run("train", "--help").out();
        assertTrue(help.contains("scratch, rnn, gru, lstm (default: scratch)"), help);
        assertTrue(help.contains("sgd, adam (default: sgd)"), help);
        assertTrue(help.replaceAll("\\s+", " ").contains("batchify (word_language_model's: from the first token every epoch,"), help);
    }

    @Test
    void aGradientValueMeansTheSameAndIsRefusedAlikeInTrainAndSequence() {
        for (String command : List.of("train", "sequence")) {
            Cli.Outcome outcome = Cli.run(command, "--gradients", "magic");
            assertEquals(2, outcome.code(), outcome.toString());
            assertEquals(List.of("d2l: Invalid value for option '--gradients': Unknown gradient source 'magic': use auto, autograd,"
                    + " bptt; see 'd2l " + command + " --help'"), outcome.err().lines().toList());
            String help = Cli.run(command, "--help").out().replaceAll("\\s+", " ");
            assertTrue(help.contains("auto (the faster for the model where the engine has it), autograd or bptt"), help);
        }
    }

    @Test
    void settingsKeepTheirFormatAndRoundTrip() {
        RunOptions run = parsed("--model", "LSTM", "--activation", "TANH", "--tokens", "Word", "--sampling", "RANDOM",
                "--optimizer", "ADAM", "--gradients", "AutoGrad", "--valid-fraction", "0.1", "--anneal", "4");
        Map<String, String> settings = run.settings();
        assertEquals("lstm", settings.get("model"));
        assertEquals("tanh", settings.get("activation"));
        assertEquals("word", settings.get("tokens"));
        assertEquals("random", settings.get("sampling"));
        assertEquals("adam", settings.get("optimizer"));
        assertEquals("autograd", settings.get("gradients"));
        assertEquals("1.0", settings.get("lr"));
        assertEquals("0.1", settings.get("valid-fraction"));
        assertEquals("4.0", settings.get("anneal"));
        assertEquals("timemachine", settings.get("dataset"));
        RunOptions restored = new RunOptions();
        restored.restore(settings, null);
        assertEquals(settings, restored.settings());
        assertEquals(run.spec(), restored.spec());
        assertEquals(run.training.spec(), restored.training.spec());
        assertEquals(RNNModelScratch.Activation.TANH, restored.model.activation);
    }

    @Test
    void aRunSavedWithTheOldGradientNameRestoresAsBpttAndSavesTheNewName() {
        Map<String, String> saved = new LinkedHashMap<>(parsed().settings());
        saved.put("gradients", "explicit");
        RunOptions restored = new RunOptions();
        restored.restore(saved, null);
        assertEquals(GradientChoice.BPTT, restored.training.gradients);
        assertEquals("bptt", restored.settings().get("gradients"));
    }
}
