package dev.d2l.rnn.examples;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The {@code d2l} command: chapter 8 of Dive into Deep Learning on any DJL engine. */
@Command(
        name = "d2l",
        mixinStandardHelpOptions = true,
        version = "d2l-rnn 0.1.0",
        description = "Recurrent neural networks (Dive into Deep Learning, chapter 8) on DJL's engines.",
        subcommands = {TrainCommand.class, GenerateCommand.class, CompareCommand.class, StatsCommand.class, SequenceCommand.class,
                EnginesCommand.class, CommandLine.HelpCommand.class})
public final class D2l implements Runnable {

    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "show the stack trace of an error")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        // Plots are files; no window may open, even on a desktop.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        int code;
        try {
            code = commandLine().execute(args);
        } catch (OutOfMemoryError e) {
            // A last resort: sizes are checked before anything is allocated, but a JVM can be started with little heap.
            System.err.println("d2l: the Java heap ran out (" + e.getMessage() + "); the last complete checkpoint stays as it"
                    + " is; give the JVM more heap (-Xmx) or choose smaller sizes");
            code = ErrorReporter.USER_ERROR;
        }
        System.exit(code);
    }

    /**
     * The configured command line, for running in-process (tests, embedding): errors become one
     * line {@code d2l: <message>} on its error writer and exit code 2 (1 for a bug).
     */
    public static CommandLine commandLine() {
        ErrorReporter errors = new ErrorReporter();
        return new CommandLine(new D2l())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(errors)
                .setParameterExceptionHandler(errors);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
