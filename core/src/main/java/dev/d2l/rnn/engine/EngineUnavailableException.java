package dev.d2l.rnn.engine;

/** An engine that is unknown here, or whose native libraries could not be loaded. */
public class EngineUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    EngineUnavailableException(String message) {
        super(message);
    }

    EngineUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
