package dev.d2l.rnn.pytorch;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PyTorchSetupTest {

    /** Calling a C library's setenv on Windows would fail the engine's setup: there is none named "c". */
    @Test
    void onlyLinuxGetsTheLibgompSetting() {
        assertTrue(PyTorchSetup.usesLibgomp("Linux"));
        assertFalse(PyTorchSetup.usesLibgomp("Mac OS X"));
        assertFalse(PyTorchSetup.usesLibgomp("Windows 11"));
    }
}
