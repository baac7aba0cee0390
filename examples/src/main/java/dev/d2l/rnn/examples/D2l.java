package dev.d2l.rnn.examples;

import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The {@code d2l} command: chapter 8 of Dive into Deep Learning on any DJL engine. */
@Command(
        name = "d2l",
        mixinStandardHelpOptions = true,
        versionProvider = BuildInfo.class,
        description = "Recurrent neural networks (Dive into Deep Learning, chapter 8) on DJL's engines.",
        subcommands = {TrainCommand.class, GenerateCommand.class, CompareCommand.class, StatsCommand.class, SequenceCommand.class,
                EnginesCommand.class, CommandLine.HelpCommand.class})
public final class D2l implements Runnable {

    /** The engine when {@code --engine} is absent, if neither DJL's variable nor its property names one. */
    static final String FALLBACK_ENGINE = "PyTorch";

    /** What an option's help says of {@link #defaultEngine()}. */
    static final String DEFAULT_ENGINE_HELP = "DJL_DEFAULT_ENGINE, else -Dai.djl.default_engine, else " + FALLBACK_ENGINE;

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "show the engines' informational log lines and the stack trace of an error")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        prepareJvm(Arrays.asList(args).contains("--verbose"));
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
     * The JVM settings of this project's programs, each unless set already: plots are files, so
     * no window may open, even on a desktop; DJL never downloads (every engine's natives are
     * bundled); DJL's informational log lines show only when {@code verbose}. To be called first
     * in {@code main}, before any logger exists.
     */
    public static void prepareJvm(boolean verbose) {
        setUnlessSet("java.awt.headless", "true");
        setUnlessSet("ai.djl.offline", "true");
        if (verbose) {
            setUnlessSet("org.slf4j.simpleLogger.defaultLogLevel", "info");
        }
    }

    /**
     * The engine a command runs on when {@code --engine} is absent, chosen as DJL chooses: the
     * {@code DJL_DEFAULT_ENGINE} environment variable, else the {@code ai.djl.default_engine}
     * property, else PyTorch.
     */
    public static String defaultEngine() {
        String name = System.getenv("DJL_DEFAULT_ENGINE");
        if (name == null || name.isBlank()) {
            name = System.getProperty("ai.djl.default_engine");
        }
        return name == null || name.isBlank() ? FALLBACK_ENGINE : name;
    }

    private static void setUnlessSet(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
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
