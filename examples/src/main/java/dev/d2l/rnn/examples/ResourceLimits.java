package dev.d2l.rnn.examples;

import dev.d2l.rnn.model.ModelSpec;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * Refuses a model that cannot fit before anything is allocated, with the numbers: its parameter
 * count from the options alone, the memory training would take, and what the machine and the JVM
 * have. The weights are drawn in Java and a checkpoint is encoded on the heap, so the largest
 * parameter must fit a Java array and every parameter the heap, a few times over.
 */
final class ResourceLimits {

    /** The most elements a Java array (of the weights drawn in Java, of a host copy) can hold. */
    static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    private ResourceLimits() {}

    /**
     * @param vocabSize the vocabulary's size; 1 before the corpus is read, which bounds the model from below
     * @throws IllegalArgumentException naming the options, the sizes and the memory they need
     */
    static void checkModel(RunOptions run, long vocabSize) {
        checkModel(run, vocabSize, physicalMemory(), Runtime.getRuntime().maxMemory());
    }

    static void checkModel(RunOptions run, long vocabSize, long machineBytes, long heapBytes) {
        Sizes sizes = Sizes.of(run, vocabSize);
        ModelOptions model = run.model;
        String what = "--model " + model.kind.name().toLowerCase(Locale.ROOT) + " --hidden " + model.hidden
                + (model.kind == ModelSpec.Kind.SCRATCH ? "" : " --layers " + model.layers)
                + (vocabSize > 1 ? " with a vocabulary of " + vocabSize : "");
        String parameters = what + " has " + count(sizes.parameters) + " parameters, the largest array "
                + count(sizes.largest) + " (" + sizes.largestName + ")";
        if (sizes.largest > MAX_ARRAY) {
            throw new IllegalArgumentException(parameters + ": more than the " + count(MAX_ARRAY)
                    + " elements a Java array holds; give a smaller --hidden");
        }
        // Parameters, gradients and Adam's two moments on the device; one minibatch's activations.
        double training = 4.0 * (4.0 * sizes.parameters + sizes.activations);
        if (training > machineBytes) {
            throw new IllegalArgumentException(parameters + "; training it on minibatches of " + run.data.batchSize + " x "
                    + run.data.numSteps + " takes about " + bytes(training) + " of memory, and this machine has " + bytes(machineBytes)
                    + "; give a smaller --hidden, --batch-size or --num-steps");
        }
        // Drawing the weights in Java, and a checkpoint's encoding and its copy, on the heap.
        double heap = 4.0 * (sizes.largest + 2.0 * sizes.parameters);
        if (heap > heapBytes) {
            throw new IllegalArgumentException(parameters + "; drawing its weights and writing its checkpoints takes about "
                    + bytes(heap) + " of Java heap, and this JVM has " + bytes(heapBytes) + " (-Xmx sets it)");
        }
    }

    /** Element counts of a model as the options define it, in doubles so that no product overflows. */
    private record Sizes(double parameters, double largest, String largestName, double activations) {

        static Sizes of(RunOptions run, long vocab) {
            double h = run.model.hidden;
            double v = vocab;
            double tokens = (double) run.data.batchSize * run.data.numSteps;
            ModelSpec.Kind model = run.model.kind;
            if (model == ModelSpec.Kind.SCRATCH) {
                double largest = Math.max(v * h, h * h);
                return new Sizes(2 * v * h + h * h + h + v, largest, h >= v ? "W_hh" : "W_xh",
                        tokens * (3 * h + 3 * v));
            }
            int gates = switch (model) {
                case GRU -> 3;
                case LSTM -> 4;
                default -> 1;
            };
            double g = gates * h;
            double layers = run.model.layers;
            double recurrent = g * (v + h) + 2 * g + (layers - 1) * (g * 2 * h + 2 * g);
            double largest = Math.max(g * Math.max(v, h), h * v);
            String largestName = largest == h * v ? "the head's weight" : "a layer's input or recurrent weight";
            return new Sizes(recurrent + h * v + v, largest, largestName, tokens * (layers * 3 * g + 3 * v));
        }
    }

    private static long physicalMemory() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return Long.MAX_VALUE;
    }

    private static String count(double n) {
        return n < 1e15 ? String.format(Locale.ROOT, "%,.0f", n) : String.format(Locale.ROOT, "%.3g", n);
    }

    private static String bytes(double n) {
        return n < 1e15 ? String.format(Locale.ROOT, "%,.1f GB", n / 1e9) : String.format(Locale.ROOT, "%.3g GB", n / 1e9);
    }
}
