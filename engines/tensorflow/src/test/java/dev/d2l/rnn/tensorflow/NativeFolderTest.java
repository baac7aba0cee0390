package dev.d2l.rnn.tensorflow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeFolderTest {

    private static final List<String> FILES = List.of("liba.so", "libb.so.2");

    @TempDir
    Path cache;

    private NativeFolder folder(List<String> files) {
        return new NativeFolder(getClass().getClassLoader(), "fake-natives", files);
    }

    @Test
    void extractsEveryFileByteForByte() throws Exception {
        Path target = folder(FILES).extractTo(cache.resolve("v1"));
        for (String file : FILES) {
            try (InputStream in = getClass().getClassLoader().getResourceAsStream("fake-natives/" + file)) {
                assertArrayEquals(in.readAllBytes(), Files.readAllBytes(target.resolve(file)));
            }
        }
        assertEquals(List.of(target), listing());
    }

    /**
     * Several rounds, because the races are in the timing: one of them, a partial folder that
     * another worker renamed between the stale-partial sweep's listing and its look at the
     * folder's age, failed a CI run once.
     */
    @Test
    void concurrentExtractionsEndWithOneCompleteFolderAndNoPartials() throws Exception {
        int workers = 6;
        List<Path> targets = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            for (int round = 0; round < 20; round++) {
                Path target = cache.resolve("v" + round);
                targets.add(target);
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Path>> results = new ArrayList<>();
                for (int i = 0; i < workers; i++) {
                    results.add(pool.submit(() -> {
                        start.await();
                        return folder(FILES).extractTo(target);
                    }));
                }
                start.countDown();
                for (Future<Path> result : results) {
                    assertEquals(target, result.get());
                    for (String file : FILES) {
                        assertTrue(Files.size(target.resolve(file)) > 0);
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(targets.stream().sorted().toList(), listing().stream().sorted().toList());
    }

    @Test
    void aMissingResourceLeavesNoFolderBehind() throws Exception {
        NativeFolder broken = folder(List.of("liba.so", "missing.so"));
        assertFalse(broken.available());
        assertThrows(IllegalStateException.class, () -> broken.extractTo(cache.resolve("v1")));
        assertEquals(List.of(), listing());
    }

    @Test
    void listsTheFilesBesideTheAnchorInAFolder() {
        assertEquals(FILES, NativeFolder.filesBeside(getClass().getClassLoader(), "fake-natives", "liba.so"));
        assertEquals(List.of(), NativeFolder.filesBeside(getClass().getClassLoader(), "fake-natives", "absent.so"));
    }

    @Test
    void listsTheFilesBesideTheAnchorInAJarButNotSubfolders() throws Exception {
        Path jar = cache.resolve("natives.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (String entry : List.of("n/p/", "n/p/libjni.so", "n/p/LICENSE", "n/p/licenses/", "n/p/licenses/x.txt", "n/other/liby.so")) {
                out.putNextEntry(new JarEntry(entry));
                if (!entry.endsWith("/")) {
                    out.write(entry.getBytes(StandardCharsets.UTF_8));
                }
                out.closeEntry();
            }
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            List<String> files = NativeFolder.filesBeside(loader, "n/p", "libjni.so");
            assertEquals(List.of("LICENSE", "libjni.so"), files);
            Path target = new NativeFolder(loader, "n/p", files).extractTo(cache.resolve("from-jar"));
            assertEquals("n/p/libjni.so", Files.readString(target.resolve("libjni.so")));
        }
    }

    private List<Path> listing() throws Exception {
        try (Stream<Path> entries = Files.list(cache)) {
            return entries.sorted().toList();
        }
    }
}
