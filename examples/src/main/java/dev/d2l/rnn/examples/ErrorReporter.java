package dev.d2l.rnn.examples;

import dev.d2l.rnn.checkpoint.CheckpointException;
import dev.d2l.rnn.data.DataException;
import dev.d2l.rnn.engine.EngineUnavailableException;
import dev.d2l.rnn.train.TrainingDivergedException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Turns every failure into one line on the error stream, {@code d2l: <message>}, and an exit
 * code: 2 for a bad command line or input the user can fix, 1 for anything unexpected. The
 * stack trace follows only with {@code --verbose}.
 */
final class ErrorReporter implements IExecutionExceptionHandler, IParameterExceptionHandler {

    /** Exit code for a bad command line, unusable input or a failed run. */
    static final int USER_ERROR = 2;
    /** Exit code for a bug. */
    static final int INTERNAL_ERROR = 1;

    private static final List<Class<? extends Exception>> USER_ERRORS = List.of(IllegalArgumentException.class,
            EngineUnavailableException.class, UnsupportedOperationException.class, DataException.class,
            CheckpointException.class, TrainingDivergedException.class, CommandFailure.class, UncheckedIOException.class);

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        boolean verbose = Arrays.asList(args).contains("--verbose");
        StringBuilder message = new StringBuilder(e.getMessage());
        if (e instanceof UnmatchedArgumentException unmatched && !unmatched.getSuggestions().isEmpty()) {
            message.append(" (did you mean ").append(String.join(" or ", unmatched.getSuggestions())).append("?)");
        }
        message.append("; see '").append(command.getCommandSpec().qualifiedName()).append(" --help'");
        return report(command.getErr(), message.toString(), e, verbose, USER_ERROR);
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine command, ParseResult parsed) {
        boolean expected = USER_ERRORS.stream().anyMatch(type -> type.isInstance(e));
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        boolean verbose = verbose(parsed);
        return expected
                ? report(command.getErr(), message, e, verbose, USER_ERROR)
                : report(command.getErr(), "internal error: " + e.getClass().getSimpleName() + ": " + message
                        + (verbose ? "" : " (--verbose shows where)"), e, verbose, INTERNAL_ERROR);
    }

    private static int report(PrintWriter err, String message, Exception e, boolean verbose, int code) {
        err.println("d2l: " + oneLine(message));
        if (verbose) {
            e.printStackTrace(err);
        }
        err.flush();
        return code;
    }

    /** Line breaks inside a message (from a damaged file, an odd option value) would split the one line; they show escaped. */
    static String oneLine(String message) {
        return message.replace("\r", "\\r").replace("\n", "\\n").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
                .replace("\u0085", "\\u0085");
    }

    private static boolean verbose(ParseResult parsed) {
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }
}
