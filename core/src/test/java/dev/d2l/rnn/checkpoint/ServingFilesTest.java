package dev.d2l.rnn.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServingFilesTest {

    @TempDir
    Path folder;

    @Test
    void theFolderBecomesADjlModelDirectoryAndFilesAlreadyRightAreLeftAlone() throws Exception {
        ServingFiles.write(folder);
        String serving = Files.readString(folder.resolve(ServingFiles.SERVING));
        assertTrue(serving.contains("blockFactory=dev.d2l.rnn.serving.CheckpointBlockFactory\n"), serving);
        assertTrue(serving.contains("translatorFactory=dev.d2l.rnn.serving.TextGenerationTranslatorFactory\n"), serving);
        assertTrue(Files.size(folder.resolve(ServingFiles.SAVED_MODEL)) > 0);

        FileTime longAgo = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(folder.resolve(ServingFiles.SERVING), longAgo);
        ServingFiles.write(folder);
        assertEquals(longAgo, Files.getLastModifiedTime(folder.resolve(ServingFiles.SERVING)), "an identical file is not rewritten");

        Files.writeString(folder.resolve(ServingFiles.SERVING), "blockFactory=someone.Else\n");
        ServingFiles.write(folder);
        assertEquals(serving, Files.readString(folder.resolve(ServingFiles.SERVING)));
    }
}
