package dev.d2l.rnn.checkpoint;

import java.nio.file.Path;

/** A checkpoint that is missing, corrupt, or does not fit the model it is loaded into. */
public class CheckpointException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    CheckpointException(String message) {
        super(message);
    }

    CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The checkpoint in {@code folder} holds something that is not what a save writes. */
    static CheckpointException corrupt(Path folder, String what) {
        return new CheckpointException("The checkpoint in " + folder + " is corrupt: " + what);
    }
}
