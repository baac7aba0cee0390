package dev.d2l.rnn.checkpoint;

/** A checkpoint that is missing, corrupt, or does not fit the model it is loaded into. */
public class CheckpointException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    CheckpointException(String message) {
        super(message);
    }

    CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
