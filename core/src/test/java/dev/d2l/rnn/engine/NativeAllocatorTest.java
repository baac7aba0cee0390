package dev.d2l.rnn.engine;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class NativeAllocatorTest {

    private static final long ARRAY_BYTES = 700L * 4580 * 4;
    private static final long PAGES_PER_ARRAY = ARRAY_BYTES / 4096;

    @Test
    void onlyLinuxWithoutTheUsersOwnSettingIsTold() {
        assertTrue(NativeAllocator.applies(Map.of("PATH", "/usr/bin"), "Linux", null));
        assertTrue(NativeAllocator.applies(Map.of(), "Linux", "true"));
        assertFalse(NativeAllocator.applies(Map.of(), "Linux", "false"));
        assertFalse(NativeAllocator.applies(Map.of(), "Mac OS X", null));
        assertFalse(NativeAllocator.applies(Map.of(), "Windows 11", null));
        for (String setting : NativeAllocator.USER_SETTINGS) {
            assertFalse(NativeAllocator.applies(Map.of(setting, "1"), "Linux", null), setting);
        }
    }

    @Test
    void freedArraysComeBackWithoutPageFaults() throws InterruptedException {
        assumeTrue(countsPageFaults(), "glibc on Linux, untuned");
        assertTrue(NativeAllocator.keepFreedMemory());
        assertFewPageFaults();
    }

    /** Whether this process's allocator is told and its page faults can be counted. */
    static boolean countsPageFaults() {
        return NativeAllocator.applies() && Files.isReadable(Path.of("/proc/thread-self/stat"));
    }

    /**
     * A word-level minibatch's pattern, ten times: five 12.8 MB arrays live at once, then all
     * freed. By default glibc hands them back and every round faults each page in again (15,000
     * faults a round); told, it keeps them and later rounds fault in almost nothing.
     */
    static void assertFewPageFaults() throws InterruptedException {
        AtomicLong faults = new AtomicLong();
        // A new thread, as the engines' calls come from threads other than the process's first.
        Thread worker = new Thread(() -> {
            // Reading the count once allocates what reading it needs; the first two rounds settle
            // where the arrays go.
            minorFaults();
            allocateTouchAndFree(5);
            allocateTouchAndFree(5);
            long before = minorFaults();
            for (int round = 0; round < 10; round++) {
                allocateTouchAndFree(5);
            }
            faults.set(minorFaults() - before);
        });
        worker.start();
        worker.join();
        assertTrue(faults.get() < PAGES_PER_ARRAY, "10 rounds of 5 arrays faulted " + faults.get()
                + " pages; one array has " + PAGES_PER_ARRAY);
    }

    private static void allocateTouchAndFree(int arrays) {
        long[] blocks = new long[arrays];
        for (int i = 0; i < arrays; i++) {
            blocks[i] = Native.malloc(ARRAY_BYTES);
            new Pointer(blocks[i]).setMemory(0, ARRAY_BYTES, (byte) 1);
        }
        for (long block : blocks) {
            Native.free(block);
        }
    }

    /** The calling thread's minor page faults so far (field 10 of its stat). */
    private static long minorFaults() {
        try {
            String stat = Files.readString(Path.of("/proc/thread-self/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[7]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
