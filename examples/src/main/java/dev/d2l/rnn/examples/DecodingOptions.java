package dev.d2l.rnn.examples;

import dev.d2l.rnn.generate.Decoding;
import picocli.CommandLine.Option;

/** The options that choose how a continuation picks its tokens: they become a {@link Decoding}. Default: greedy. */
final class DecodingOptions {

    @Option(names = "--temperature", paramLabel = "T",
            description = "sample from softmax(logits / T) instead of taking the most likely token; below 1 is closer to greedy")
    Float temperature;

    @Option(names = "--top-k", paramLabel = "K", defaultValue = "0",
            description = "sample among the K most likely tokens only; 0: all (default: ${DEFAULT-VALUE}); samples at temperature 1 unless --temperature")
    int topK;

    @Option(names = "--top-p", paramLabel = "P", defaultValue = "1",
            description = "sample among the fewest most likely tokens whose probability reaches P (nucleus); 1: all (default: ${DEFAULT-VALUE})")
    double topP;

    /**
     * Greedy unless a temperature, top-k or top-p asks for sampling (at temperature 1 if none is
     * given: {@link Decoding#of}).
     *
     * @throws IllegalArgumentException naming the first option whose value does not fit
     */
    Decoding decoding() {
        if (temperature != null && (!(temperature > 0) || temperature.isInfinite())) {
            throw new IllegalArgumentException("--temperature must be positive and finite, got " + temperature);
        }
        if (topK < 0) {
            throw new IllegalArgumentException("--top-k must be zero (all tokens) or more, got " + topK);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("--top-p must be in (0, 1], got " + topP);
        }
        return Decoding.of(temperature, topK, topP);
    }
}
