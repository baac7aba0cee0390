package dev.d2l.rnn.examples;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import dev.d2l.rnn.checkpoint.Checkpoint;
import dev.d2l.rnn.data.TokenType;
import dev.d2l.rnn.engine.Devices;
import dev.d2l.rnn.engine.Engines;
import dev.d2l.rnn.generate.Decoding;
import dev.d2l.rnn.generate.TextGenerator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** d2l's predict_ch8 from a checkpoint, on any engine, whichever trained it. */
@Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Continue text with a trained model: greedily, or sampled with --temperature, --top-k, --top-p.")
final class GenerateCommand implements Callable<Integer> {

    @Option(names = "--checkpoint", paramLabel = "DIR", required = true,
            description = "the folder d2l train --output wrote")
    Path checkpointFolder;

    @Option(names = "--prefix", paramLabel = "TEXT", required = true, description = "text to continue; repeatable")
    List<String> prefixes;

    @Option(names = "--length", paramLabel = "N", defaultValue = "50", description = "tokens to generate per prefix (default: ${DEFAULT-VALUE})")
    int length;

    @Mixin
    DecodingOptions decodingOptions;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "1",
            description = "continuations per prefix, drawn together in one batch (default: ${DEFAULT-VALUE})")
    int samples;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "seeds the sampling (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--engine", paramLabel = "NAME",
            description = "PyTorch, MXNet or TensorFlow, in any case (default: " + D2l.DEFAULT_ENGINE_HELP + ")")
    String engineName;

    @Option(names = "--device", paramLabel = "DEVICE", defaultValue = "auto", description = "auto, cpu, gpu or gpu:N (default: ${DEFAULT-VALUE})")
    String device;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        OptionChecks.checkLength(length);
        Decoding decoding = decodingOptions.decoding();
        OptionChecks.positive("--samples", samples);
        Checkpoint checkpoint = Checkpoint.load(checkpointFolder);
        TokenType tokens = checkpoint.spec().tokens();
        OptionChecks.checkPrefixes(prefixes, tokens);
        Engine engine = Engines.get(engineName == null ? D2l.defaultEngine() : engineName);
        PrintWriter out = spec.commandLine().getOut();
        try (NDManager manager = engine.newBaseManager(Devices.choose(engine, device))) {
            TextGenerator generator = new TextGenerator(checkpoint.newModel(manager), checkpoint.vocab(), tokens);
            Random random = new Random(seed);
            for (String prefix : prefixes) {
                generator.generate(prefix, length, samples, decoding, random, manager).forEach(out::println);
            }
        }
        out.flush();
        return 0;
    }
}
