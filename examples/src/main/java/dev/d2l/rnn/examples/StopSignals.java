package dev.d2l.rnn.examples;

import dev.d2l.rnn.train.StopRequest;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C (SIGINT) and SIGTERM during training: the first asks the trainer to stop at the next
 * point a run can resume from (its current minibatch's end; without detaching the state, its
 * epoch's), so the command can save where it stands; the second ends the process at
 * once with the shell's code for the signal (130, 143), leaving the last complete checkpoint as
 * it is (a save is atomic). While installed, the signals no longer end the JVM by themselves;
 * {@link #close()} gives them back their previous handlers.
 */
final class StopSignals implements AutoCloseable {

    private static final Map<String, Integer> EXIT_CODES = Map.of("INT", 130, "TERM", 143);

    private final StopRequest stop;
    private final PrintWriter err;
    private final String when;
    private final Map<Signal, SignalHandler> previous = new LinkedHashMap<>();
    private volatile String received;

    private StopSignals(StopRequest stop, PrintWriter err, String when) {
        this.stop = stop;
        this.err = err;
        this.when = when;
    }

    /**
     * Handles SIGINT and SIGTERM until closed; where the JVM cannot handle one, that one is left alone.
     *
     * @param detached whether the run detaches its state at every minibatch (else it stops at an epoch's end)
     */
    static StopSignals install(StopRequest stop, PrintWriter err, boolean detached) {
        StopSignals signals = new StopSignals(stop, err, detached ? "after this minibatch"
                : "at the end of this epoch (with --no-detach a run resumes only from an epoch's start)");
        for (String name : EXIT_CODES.keySet()) {
            try {
                Signal signal = new Signal(name);
                signals.previous.put(signal, Signal.handle(signal, signals::handle));
            } catch (IllegalArgumentException reservedOrUnknown) {
                // e.g. the JVM runs with -Xrs; the signal then keeps its default meaning.
            }
        }
        return signals;
    }

    private void handle(Signal signal) {
        int code = EXIT_CODES.get(signal.getName());
        if (received != null) {
            err.println("d2l: SIG" + signal.getName() + " again: stopping at once; the last complete checkpoint stays as it is");
            err.flush();
            Runtime.getRuntime().halt(code);
        }
        received = signal.getName();
        err.println("d2l: SIG" + signal.getName() + ": stopping " + when + " to save where the run stands"
                + " (send it again to stop at once)");
        err.flush();
        stop.request();
    }

    /** Whether a stop signal came. */
    boolean received() {
        return received != null;
    }

    /** The shell's exit code for the signal that came: 130 for SIGINT, 143 for SIGTERM. */
    int exitCode() {
        return received == null ? 0 : EXIT_CODES.get(received);
    }

    @Override
    public void close() {
        previous.forEach(Signal::handle);
    }
}
