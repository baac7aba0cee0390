package dev.d2l.rnn.mxnet;

import com.sun.jna.Library;
import com.sun.jna.Native;
import dev.d2l.rnn.engine.EngineSetup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs MXNet's operations on its naive engine, synchronously in the calling thread, unless the
 * user chose an engine type in {@code MXNET_ENGINE_TYPE}.
 *
 * <p>MXNet's default threaded engine pushes every operation to a worker thread and back; a
 * recurrent network runs hundreds of small operations per minibatch, so that hand-over cost
 * more than the operations themselves: the scratch RNN trained 1.75 times faster on the naive
 * engine here (see the README's performance table). MXNet reads the variable once, when its
 * library loads, so it is set in the process environment before that.
 */
public final class MXNetSetup implements EngineSetup {

    static final String ENGINE_TYPE = "MXNET_ENGINE_TYPE";
    static final String NAIVE = "NaiveEngine";

    private static final Logger LOG = LoggerFactory.getLogger(MXNetSetup.class);

    /** The C library's {@code setenv}: Java cannot change its own process environment. */
    interface CLibrary extends Library {
        int setenv(String name, String value, int overwrite);
    }

    @Override
    public String engineName() {
        return "MXNet";
    }

    @Override
    public void prepare() {
        String own = System.getenv(ENGINE_TYPE);
        if (own != null && !own.isBlank()) {
            LOG.debug("Using MXNet's {} ({} is set)", own, ENGINE_TYPE);
            return;
        }
        CLibrary c = Native.load("c", CLibrary.class);
        if (c.setenv(ENGINE_TYPE, NAIVE, 0) != 0) {
            throw new IllegalStateException("Cannot set " + ENGINE_TYPE + "=" + NAIVE + " for MXNet: setenv failed with errno "
                    + Native.getLastError());
        }
    }
}
