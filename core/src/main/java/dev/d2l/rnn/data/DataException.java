package dev.d2l.rnn.data;

/**
 * A dataset or text file that cannot be used: missing, unreadable, not UTF-8, a broken zip,
 * a failed download or a checksum mismatch. The message names the file or address involved
 * and, where there is one, the fix.
 */
public class DataException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** An error with a message that names the problem. */
    public DataException(String message) {
        super(message);
    }

    /** An error with a message that names the problem, and its cause. */
    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}
