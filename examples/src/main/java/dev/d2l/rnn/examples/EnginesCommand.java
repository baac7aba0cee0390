package dev.d2l.rnn.examples;

import ai.djl.Device;
import ai.djl.engine.Engine;
import dev.d2l.rnn.engine.Capabilities;
import dev.d2l.rnn.engine.Capability;
import dev.d2l.rnn.engine.Devices;
import dev.d2l.rnn.engine.EngineUnavailableException;
import dev.d2l.rnn.engine.Engines;
import dev.d2l.rnn.model.RecurrentCell;
import dev.d2l.rnn.model.RecurrentPaths;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Lists every engine on the class path with its version, device and probed capabilities. */
@Command(name = "engines", mixinStandardHelpOptions = true,
        description = "List each engine, its version, the device a run would use and its capabilities.")
final class EnginesCommand implements Callable<Integer> {

    @Option(names = "--device", paramLabel = "DEVICE", defaultValue = "auto", description = "auto, cpu, gpu or gpu:N (default: ${DEFAULT-VALUE})")
    String device;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int failures = 0;
        out.printf("%-11s %-8s %-7s %s%n", "engine", "version", "device", "capabilities");
        for (String name : Engines.available()) {
            try {
                Engine engine = Engines.get(name);
                Device chosen = Devices.choose(engine, device);
                Capabilities capabilities = Capabilities.of(engine);
                out.printf("%-11s %-8s %-7s %s%n", name, engine.getVersion(), chosen, describe(capabilities));
            } catch (EngineUnavailableException | IllegalArgumentException e) {
                failures++;
                err.println(name + ": " + e.getMessage());
            }
        }
        Engines.leftOut().forEach((name, platform) -> out.printf("%-11s %-8s %-7s left out of this build: %s publishes no natives for %s%n",
                name, "-", "-", name, platform));
        out.println("default (without --engine): " + D2l.defaultEngine());
        out.println();
        out.println("recurrent layers (fused: the engine's op, checked against the portable layer; portable: plain NDArray ops)");
        for (String name : Engines.available()) {
            try {
                RecurrentPaths paths = RecurrentPaths.of(Engines.get(name));
                for (RecurrentCell cell : RecurrentCell.values()) {
                    for (int layers = 1; layers <= 2; layers++) {
                        for (boolean bidirectional : new boolean[] {false, true}) {
                            paths.path(cell, layers, bidirectional);
                        }
                    }
                }
                paths.probed().forEach((configuration, path) ->
                        out.printf("%-11s %-36s %s%n", name, configuration, path));
            } catch (EngineUnavailableException e) {
                // Reported above.
            }
        }
        out.flush();
        return failures == 0 ? 0 : 1;
    }

    private static String describe(Capabilities capabilities) {
        List<String> names = List.of(Capability.values()).stream()
                .filter(capabilities::has)
                .map(c -> c.name().toLowerCase().replace('_', '-'))
                .collect(Collectors.toList());
        return names.isEmpty() ? "(none)" : String.join(", ", names);
    }
}
