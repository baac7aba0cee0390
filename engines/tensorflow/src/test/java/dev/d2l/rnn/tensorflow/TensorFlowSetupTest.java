package dev.d2l.rnn.tensorflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.d2l.rnn.engine.Engines;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TensorFlowSetupTest {

    private String saved;

    @BeforeEach
    void save() {
        saved = System.getProperty(TensorFlowSetup.INTRA_OP_THREADS);
        System.clearProperty(TensorFlowSetup.INTRA_OP_THREADS);
    }

    @AfterEach
    void restore() {
        if (saved == null) {
            System.clearProperty(TensorFlowSetup.INTRA_OP_THREADS);
        } else {
            System.setProperty(TensorFlowSetup.INTRA_OP_THREADS, saved);
        }
    }

    @Test
    void theIntraOpPoolGetsOneThreadFewerThanTheCoresAndAtLeastOne() {
        TensorFlowSetup.limitIntraOpThreads(2);
        assertEquals("1", System.getProperty(TensorFlowSetup.INTRA_OP_THREADS));
        System.clearProperty(TensorFlowSetup.INTRA_OP_THREADS);
        TensorFlowSetup.limitIntraOpThreads(8);
        assertEquals("7", System.getProperty(TensorFlowSetup.INTRA_OP_THREADS));
        System.clearProperty(TensorFlowSetup.INTRA_OP_THREADS);
        TensorFlowSetup.limitIntraOpThreads(1);
        assertEquals("1", System.getProperty(TensorFlowSetup.INTRA_OP_THREADS));
    }

    @Test
    void theUsersOwnSettingIsLeftAlone() {
        System.setProperty(TensorFlowSetup.INTRA_OP_THREADS, "3");
        TensorFlowSetup.limitIntraOpThreads(8);
        assertEquals("3", System.getProperty(TensorFlowSetup.INTRA_OP_THREADS));
    }

    @Test
    void classifiersAreTfJavasForEachPlatformItPublishes() {
        assertEquals("linux-x86_64", TensorFlowSetup.classifier("Linux", "amd64"));
        assertEquals("linux-arm64", TensorFlowSetup.classifier("Linux", "aarch64"));
        assertEquals("macosx-arm64", TensorFlowSetup.classifier("Mac OS X", "aarch64"));
        assertEquals("macosx-x86_64", TensorFlowSetup.classifier("Mac OS X", "x86_64"));
        assertEquals("windows-x86_64", TensorFlowSetup.classifier("Windows 11", "amd64"));
        assertNull(TensorFlowSetup.classifier("FreeBSD", "amd64"));
        assertNull(TensorFlowSetup.classifier("Linux", "ppc64le"));
    }

    @Test
    void preparingTheEngineSetsThePool() {
        // Back to what an earlier load in this JVM left; nothing else here sets the property.
        restore();
        Engines.get("TensorFlow");
        assertEquals(String.valueOf(Math.max(1, Runtime.getRuntime().availableProcessors() - 1)),
                System.getProperty(TensorFlowSetup.INTRA_OP_THREADS));
    }
}
