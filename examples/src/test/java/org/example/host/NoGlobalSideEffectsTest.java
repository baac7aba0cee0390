package org.example.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Using core leaves the host's JVM as it was: no {@code ai.djl.offline}, no system property of
 * the project's (the TensorFlow module's settings are documented in engines/README.md). The test JVM sets {@code ai.djl.offline} itself, so the host runs in a JVM of
 * its own.
 */
class NoGlobalSideEffectsTest {

    @Test
    void coreSetsNoSystemPropertyOfItsOwn() throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CoreUser.class.getName())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(120, TimeUnit.SECONDS), "the host program did not finish");
        assertEquals(0, child.exitValue(), out);
        List<String> added = out.lines().toList();
        assertFalse(added.contains("ai.djl.offline"), added.toString());
        // JNA (which DJL and the PyTorch module load) notes where its native part came from.
        assertEquals(List.of(), added.stream().filter(name -> !name.startsWith("jna.") && !name.equals("jnidispatch.path")).toList(),
                "properties set by using core on PyTorch, besides JNA's own");
    }
}
