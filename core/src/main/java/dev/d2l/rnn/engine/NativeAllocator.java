package dev.d2l.rnn.engine;

import com.sun.jna.Native;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Tells glibc's allocator to keep the memory native code frees for reuse instead of handing it
 * back to the system, unless the user tuned the allocator ({@link #USER_SETTINGS}) or set the
 * property {@code d2l.keepFreedNativeMemory} to {@code false}: blocks of up to 32 MiB then come
 * from the allocator's heaps, which are never trimmed or unmapped. {@link Engines} does this
 * once, before the first engine loads.
 *
 * <p>A word-level minibatch frees several arrays of 10-20 MB (logits and their gradients) and
 * allocates them again in the next one. By default glibc returns them to the system, and the
 * next minibatch takes every page back through a page fault (some 3,000 for a 12.8 MB array);
 * examples/README.md, "Word level", has what keeping them gained. The cost: the process keeps
 * its peak native memory until it exits.
 */
final class NativeAllocator {

    /** The system property that turns this off when set to {@code false}. */
    static final String PROPERTY = "d2l.keepFreedNativeMemory";

    /** The variables through which a user tunes glibc's allocator. */
    static final List<String> USER_SETTINGS =
            List.of("MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_", "MALLOC_TOP_PAD_", "GLIBC_TUNABLES");

    // mallopt's parameters, from glibc's malloc.h.
    private static final int M_TRIM_THRESHOLD = -1;
    private static final int M_TOP_PAD = -2;
    private static final int M_MMAP_THRESHOLD = -3;
    // The size of the heaps of glibc's per-thread arenas (HEAP_MAX_SIZE); blocks up to half of it
    // can come from a heap rather than from a mapping of their own.
    private static final int HEAP_SIZE = 64 << 20;

    private NativeAllocator() {}

    /** Whether an allocator should be told, given the process's environment, operating system and {@link #PROPERTY}. */
    static boolean applies(Map<String, String> environment, String osName, String property) {
        return osName.toLowerCase(Locale.ROOT).startsWith("linux") && !"false".equalsIgnoreCase(property)
                && USER_SETTINGS.stream().noneMatch(environment::containsKey);
    }

    /** Whether this process's allocator should be told. */
    static boolean applies() {
        return applies(System.getenv(), System.getProperty("os.name"), System.getProperty(PROPERTY));
    }

    /**
     * Tells this process's allocator, where it {@link #applies()}.
     *
     * @return whether the allocator was told: false off Linux, with a user's own setting (or the
     *     property false), or with a C library that has no {@code mallopt}
     */
    static boolean keepFreedMemory() {
        if (!applies()) {
            return false;
        }
        try {
            EngineSetup.CLibrary c = Native.load("c", EngineSetup.CLibrary.class);
            // Fixed thresholds also turn off glibc's own adjustment of them. A pad of a whole heap
            // keeps an emptied heap of a thread's arena from being unmapped.
            return c.mallopt(M_MMAP_THRESHOLD, HEAP_SIZE / 2) == 1 && c.mallopt(M_TRIM_THRESHOLD, Integer.MAX_VALUE) == 1
                    && c.mallopt(M_TOP_PAD, HEAP_SIZE) == 1;
        } catch (UnsatisfiedLinkError e) {
            // musl and other C libraries without mallopt keep their own behaviour.
            return false;
        }
    }
}
