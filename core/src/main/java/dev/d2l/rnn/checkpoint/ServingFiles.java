package dev.d2l.rnn.checkpoint;

import dev.d2l.rnn.io.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * The files that make a checkpoint folder a DJL model directory: {@value #SERVING}, naming this
 * library's {@code BlockFactory} and {@code TranslatorFactory}, and the {@value #SAVED_MODEL}
 * that DJL's TensorFlow loader insists on.
 */
final class ServingFiles {

    static final String SERVING = "serving.properties";
    /** DJL's TensorFlow model loader insists on a SavedModel; this one holds an empty graph. */
    static final String SAVED_MODEL = "saved_model.pb";
    private static final String SERVING_TEXT = """
            # DJL reads this when it loads the folder as a model: Criteria.builder().optModelPath(folder)
            blockFactory=dev.d2l.rnn.serving.CheckpointBlockFactory
            translatorFactory=dev.d2l.rnn.serving.TextGenerationTranslatorFactory
            # the parameters are the checkpoint's, which the block factory restores
            option.hasParameter=false
            """;

    private ServingFiles() {}

    /** Writes the files into {@code folder}, each atomically; files that are already right are left alone. */
    static void write(Path folder) throws IOException {
        byte[] savedModel;
        try (InputStream in = ServingFiles.class.getResourceAsStream(SAVED_MODEL)) {
            if (in == null) {
                throw new IOException("The resource " + SAVED_MODEL + " is missing from the d2l-rnn-core jar");
            }
            savedModel = in.readAllBytes();
        }
        Map<String, byte[]> files = Map.of(SERVING, SERVING_TEXT.getBytes(StandardCharsets.UTF_8), SAVED_MODEL, savedModel);
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            Path target = folder.resolve(file.getKey());
            if (Files.isRegularFile(target) && Arrays.equals(Files.readAllBytes(target), file.getValue())) {
                continue;
            }
            AtomicFiles.write(target, file.getValue());
        }
    }
}
