package dev.d2l.rnn.examples;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code d2l} command: chapter 8 of Dive into Deep Learning on any DJL engine. */
@Command(
        name = "d2l",
        mixinStandardHelpOptions = true,
        version = "d2l-rnn 0.1.0",
        description = "Recurrent neural networks (Dive into Deep Learning, chapter 8) on DJL's engines.",
        subcommands = {TrainCommand.class, EnginesCommand.class, CommandLine.HelpCommand.class})
public final class D2l implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, for running in-process (tests, embedding). */
    public static CommandLine commandLine() {
        return new CommandLine(new D2l());
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
