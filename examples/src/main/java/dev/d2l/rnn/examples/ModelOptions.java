package dev.d2l.rnn.examples;

import dev.d2l.rnn.data.TokenType;
import dev.d2l.rnn.model.ModelSpec;
import dev.d2l.rnn.model.RNNModelScratch;
import picocli.CommandLine.Option;

/** The options that describe the model: they become a {@link ModelSpec}. Defaults: d2l 8.5's scratch RNN. */
final class ModelOptions {

    @Option(names = "--model", paramLabel = "NAME", defaultValue = "scratch", converter = Choice.Models.class,
            completionCandidates = Choice.Models.class, description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    ModelSpec.Kind kind;

    @Option(names = "--hidden", paramLabel = "N", defaultValue = "512", description = "hidden units (default: ${DEFAULT-VALUE})")
    int hidden;

    @Option(names = "--layers", paramLabel = "N", defaultValue = "1", description = "recurrent layers, concise models (default: ${DEFAULT-VALUE})")
    int layers;

    @Option(names = "--embedding", paramLabel = "N", defaultValue = "0",
            description = "a learned embedding of N features per token instead of one-hot inputs, concise models; 0: one-hot (default: ${DEFAULT-VALUE})")
    int embedding;

    @Option(names = "--dropout", paramLabel = "P", defaultValue = "0",
            description = "dropout probability while training, on the embedding, between layers and before the head, concise models (default: ${DEFAULT-VALUE})")
    double dropout;

    @Option(names = "--tie", description = "share the embedding with the output layer's weight (needs --embedding equal to --hidden)")
    boolean tie;

    @Option(names = "--directions", paramLabel = "N", defaultValue = "1",
            description = "1, or 2 for bidirectional layers, concise models (default: ${DEFAULT-VALUE})")
    int directions;

    @Option(names = "--activation", paramLabel = "NAME", defaultValue = "tanh", converter = Choice.Activations.class,
            completionCandidates = Choice.Activations.class,
            description = "${COMPLETION-CANDIDATES}; scratch and rnn models (default: ${DEFAULT-VALUE})")
    RNNModelScratch.Activation activation;

    /** @throws IllegalArgumentException naming the first option whose value does not fit */
    void validate() {
        OptionChecks.positive("--hidden", hidden);
        OptionChecks.positive("--layers", layers);
        OptionChecks.notNegative("--embedding", embedding);
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("--dropout must be in [0, 1), got " + dropout);
        }
        if (tie && embedding != hidden) {
            throw new IllegalArgumentException("--tie needs --embedding equal to --hidden, got --embedding " + embedding
                    + " and --hidden " + hidden);
        }
        if (kind == ModelSpec.Kind.SCRATCH && (embedding > 0 || dropout > 0 || tie)) {
            throw new IllegalArgumentException("--embedding, --dropout and --tie apply to the concise models: use --model rnn, gru or lstm");
        }
    }

    /**
     * The model the options describe, reading {@code tokens} and initialized from {@code seed}.
     *
     * @throws IllegalArgumentException for a combination that describes none
     */
    ModelSpec spec(TokenType tokens, long seed) {
        return ModelSpec.builder()
                .kind(kind)
                .activation(activation)
                .hidden(hidden)
                .layers(layers)
                .directions(directions)
                .tokens(tokens)
                .seed(seed)
                .embedding(embedding)
                .dropout(dropout)
                .tie(tie)
                .build();
    }
}
