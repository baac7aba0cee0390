package dev.d2l.rnn.testing;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import dev.d2l.rnn.engine.Engines;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * Base of every engine-parameterised suite in core's test-jar. A suite is abstract and lives
 * here in core; each engine module runs it by subclassing it and naming its engine.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class EngineTestBase {

    private Engine engine;
    private NDManager manager;

    /** The engine under test, as DJL spells it. */
    protected abstract String engineName();

    @BeforeAll
    void openEngine() {
        engine = Engines.get(engineName());
        manager = engine.newBaseManager(Device.cpu());
    }

    @AfterAll
    void closeEngine() {
        manager.close();
    }

    /** The engine under test. */
    protected Engine engine() {
        return engine;
    }

    /** A CPU manager of the engine under test that lives as long as the suite; use sub-managers. */
    protected NDManager manager() {
        return manager;
    }
}
