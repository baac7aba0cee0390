package dev.d2l.rnn.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.DeferredTranslatorFactory;
import dev.d2l.rnn.checkpoint.Checkpoint;
import dev.d2l.rnn.checkpoint.RunState;
import dev.d2l.rnn.model.ModelSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints written by commit 9703421, before models had a description and runs a state of
 * their own ({@code src/test/resources/checkpoints-9703421}: {@code d2l train --max-tokens 2000
 * --hidden 8 --batch-size 8 --num-steps 10 --epochs 3 --lr 2} and {@code --model gru --epochs 2}),
 * still load, generate what that commit's {@code d2l generate} printed, and resume.
 */
class OldCheckpointTest {

    @TempDir
    Path folder;

    private Path copy(String name) throws Exception {
        Path source = Path.of(OldCheckpointTest.class.getResource("/checkpoints-9703421/" + name).toURI());
        Path target = folder.resolve(name);
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.copy(file, target.resolve(source.relativize(file).toString()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return target;
    }

    @Test
    void theirDescriptionAndRunStateComeFromTheirSettings() throws Exception {
        Checkpoint gru = Checkpoint.load(copy("gru"));
        assertEquals(ModelSpec.builder().kind(ModelSpec.Kind.GRU).hidden(8).build(), gru.spec());
        assertEquals(new RunState(2, List.of(20.331357204669278, 17.573582058457486), "PyTorch", "2.7.1"), gru.run().orElseThrow());
        assertEquals(ModelSpec.builder().hidden(8).build(), Checkpoint.load(copy("scratch")).spec());
    }

    @Test
    void generateOnEveryEnginePrintsWhatTheOldCodePrinted() throws Exception {
        Path scratch = copy("scratch");
        Path gru = copy("gru");
        for (String engine : List.of("pytorch", "mxnet", "tensorflow")) {
            Cli.Outcome fromScratch = Cli.run("generate", "--checkpoint", scratch.toString(), "--prefix", "time traveller",
                    "--prefix", "the", "--length", "20", "--engine", engine);
            assertEquals(List.of("time traveller te te te te te te t", "the te te te te te te t"), fromScratch.outLines(),
                    fromScratch.toString());
            Cli.Outcome fromGru = Cli.run("generate", "--checkpoint", gru.toString(), "--prefix", "time traveller",
                    "--prefix", "the", "--length", "20", "--engine", engine);
            assertEquals(List.of("time traveller    a  a  a  a  a  a", "the   a  a  a  a  a  a "), fromGru.outLines(),
                    fromGru.toString());
        }
    }

    @Test
    void aResumedRunContinuesItsCountAndMakesTheFolderADjlModel() throws Exception {
        Cli.assumeDatasets();
        Path gru = copy("gru");
        assertFalse(Files.exists(gru.resolve("serving.properties")));
        Cli.Outcome resumed = Cli.run("train", "--resume", gru.toString(), "--epochs", "3", "--quiet");
        assertEquals(0, resumed.code(), resumed.toString());
        RunState run = Checkpoint.load(gru).run().orElseThrow();
        assertEquals(3, run.epochsDone());
        assertEquals(List.of(20.331357204669278, 17.573582058457486), run.perplexities().subList(0, 2));

        Criteria<String, String> criteria = Criteria.builder()
                .setTypes(String.class, String.class)
                .optModelPath(gru)
                .optTranslatorFactory(new DeferredTranslatorFactory())
                .optEngine("PyTorch")
                .optArgument("length", 20)
                .build();
        try (ZooModel<String, String> model = criteria.loadModel();
                Predictor<String, String> predictor = model.newPredictor()) {
            String text = predictor.predict("time traveller");
            assertEquals(Cli.run("generate", "--checkpoint", gru.toString(), "--prefix", "time traveller", "--length", "20")
                    .outLines(), List.of(text));
            assertTrue(text.startsWith("time traveller"), text);
        }
    }
}
