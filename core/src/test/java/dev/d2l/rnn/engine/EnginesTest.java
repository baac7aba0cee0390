package dev.d2l.rnn.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnginesTest {

    @Test
    void unknownEngineNamesTheAvailableOnes() {
        EngineUnavailableException e = assertThrows(EngineUnavailableException.class, () -> Engines.get("Caffe"));
        assertTrue(e.getMessage().startsWith("Unknown engine 'Caffe'; available: "), e.getMessage());
    }

    /** As the engine modules' builds write the file: one per module jar, or appended into one shaded jar. */
    @Test
    void leftOutEnginesComeFromEveryModulesNativesFile(@TempDir Path folder) throws Exception {
        Path pytorch = write(folder.resolve("pytorch"), "PyTorch.platform=osx-aarch64\nPyTorch.natives=osx-aarch64\nPyTorch.left-out=false\n");
        Path mxnet = write(folder.resolve("mxnet"), "MXNet.platform=osx-aarch64\nMXNet.natives=\nMXNet.left-out=true\n");
        Path shaded = write(folder.resolve("shaded"), "PyTorch.platform=linux-aarch64\nPyTorch.natives=linux-aarch64\nPyTorch.left-out=false\n"
                + "MXNet.platform=linux-aarch64\nMXNet.natives=\nMXNet.left-out=true\n"
                + "TensorFlow.platform=linux-aarch64\nTensorFlow.natives=\nTensorFlow.left-out=true\n");
        try (URLClassLoader modules = loader(pytorch, mxnet); URLClassLoader jar = loader(shaded); URLClassLoader none = loader()) {
            assertEquals(Map.of("MXNet", "osx-aarch64"), Engines.leftOut(modules));
            assertEquals(Map.of("MXNet", "linux-aarch64", "TensorFlow", "linux-aarch64"), Engines.leftOut(jar));
            assertEquals(Map.of(), Engines.leftOut(none));
        }
    }

    private static Path write(Path root, String natives) throws Exception {
        Path file = root.resolve(Engines.NATIVES_RESOURCE);
        Files.createDirectories(file.getParent());
        Files.writeString(file, natives);
        return root;
    }

    private static URLClassLoader loader(Path... roots) throws Exception {
        URL[] urls = new URL[roots.length];
        for (int i = 0; i < roots.length; i++) {
            urls[i] = roots[i].toUri().toURL();
        }
        return new URLClassLoader(urls, null);
    }
}
