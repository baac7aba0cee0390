package dev.d2l.rnn.model;

import ai.djl.ndarray.NDManager;
import dev.d2l.rnn.data.TokenType;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What a language model is, apart from its weights: the kind of model, its sizes, the tokens it
 * reads and the seed of its initial weights. It builds the model ({@link #newModel}) and travels
 * with a checkpoint as text settings ({@link #settings()}, {@link #fromSettings}). The defaults
 * are d2l 8.5's: the scratch RNN, tanh, 512 hidden units, characters, seed 42.
 *
 * <p>Build one with {@link #builder()}: components may be added.
 *
 * @param kind the scratch RNN or a concise model's cell
 * @param activation the nonlinearity of the scratch RNN and of the concise RNN
 * @param hidden hidden units per direction
 * @param layers stacked recurrent layers (concise models)
 * @param directions 1, or 2 for bidirectional layers (concise models)
 * @param tokens how text splits into the tokens the model reads
 * @param seed seeds the initial weights
 * @param embedding features of a learned embedding instead of one-hot inputs, concise models; 0: one-hot
 * @param dropout dropout probability while training, concise models; 0: none
 * @param tie whether the output layer shares the embedding as its weight (embedding equal to hidden)
 */
public record ModelSpec(Kind kind, RNNModelScratch.Activation activation, int hidden, int layers, int directions,
        TokenType tokens, long seed, int embedding, double dropout, boolean tie) {

    /** The models of d2l 8.5 and 8.6. */
    public enum Kind {
        /** {@link RNNModelScratch}. */
        SCRATCH,
        /** {@link RNNModel} over a vanilla RNN layer. */
        RNN,
        /** {@link RNNModel} over a GRU layer. */
        GRU,
        /** {@link RNNModel} over an LSTM layer. */
        LSTM;

        /** @throws IllegalArgumentException naming the kinds */
        public static Kind parse(String name) {
            return parseEnum(Kind.class, "model", name);
        }
    }

    /** Every component as a setting: its key and how it reads and writes as text. */
    private static final List<Field> FIELDS = List.of(
            new Field("model", s -> lower(s.kind), (b, v) -> b.kind(Kind.parse(v))),
            new Field("activation", s -> lower(s.activation), (b, v) -> b.activation(RNNModelScratch.Activation.parse(v))),
            new Field("hidden", s -> String.valueOf(s.hidden), (b, v) -> b.hidden(Integer.parseInt(v))),
            new Field("layers", s -> String.valueOf(s.layers), (b, v) -> b.layers(Integer.parseInt(v))),
            new Field("directions", s -> String.valueOf(s.directions), (b, v) -> b.directions(Integer.parseInt(v))),
            new Field("tokens", s -> lower(s.tokens), (b, v) -> b.tokens(TokenType.parse(v))),
            new Field("seed", s -> String.valueOf(s.seed), (b, v) -> b.seed(Long.parseLong(v))),
            new Field("embedding", s -> String.valueOf(s.embedding), (b, v) -> b.embedding(Integer.parseInt(v))),
            new Field("dropout", s -> String.valueOf(s.dropout), (b, v) -> b.dropout(Double.parseDouble(v))),
            new Field("tie", s -> String.valueOf(s.tie), (b, v) -> b.tie(Boolean.parseBoolean(v))));

    /** A model without embedding, dropout or tied weights: the book's. */
    public ModelSpec(Kind kind, RNNModelScratch.Activation activation, int hidden, int layers, int directions,
            TokenType tokens, long seed) {
        this(kind, activation, hidden, layers, directions, tokens, seed, 0, 0, false);
    }

    /** @throws IllegalArgumentException naming the first value that does not fit */
    public ModelSpec {
        if (kind == null || activation == null || tokens == null) {
            throw new IllegalArgumentException("A model needs a kind, an activation and a token type");
        }
        if (hidden <= 0 || layers <= 0) {
            throw new IllegalArgumentException("Hidden units and layers must be positive, got " + hidden + " and " + layers);
        }
        if (directions != 1 && directions != 2) {
            throw new IllegalArgumentException("Directions must be 1 or 2, got " + directions);
        }
        if (kind == Kind.SCRATCH && (layers != 1 || directions != 1)) {
            throw new IllegalArgumentException("The scratch RNN has one layer in one direction, got " + layers
                    + " layer(s) and " + directions + " direction(s): use model rnn, gru or lstm for more");
        }
        if (embedding < 0) {
            throw new IllegalArgumentException("The embedding size must be zero (one-hot) or more, got " + embedding);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("Dropout must be in [0, 1), got " + dropout);
        }
        if (tie && embedding != hidden) {
            throw new IllegalArgumentException("Tied weights need the embedding size equal to the hidden size, got "
                    + embedding + " and " + hidden);
        }
        if (kind == Kind.SCRATCH && (embedding > 0 || dropout > 0 || tie)) {
            throw new IllegalArgumentException("An embedding, dropout and tied weights apply to the concise models:"
                    + " use model rnn, gru or lstm");
        }
        if ((kind == Kind.GRU || kind == Kind.LSTM) && activation != RNNModelScratch.Activation.TANH) {
            throw new IllegalArgumentException("The activation " + lower(activation) + " applies to the scratch and the"
                    + " rnn models only; " + lower(kind) + " has its own gates");
        }
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this description. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * The model this describes, for {@code vocabSize} tokens, its parameters in {@code manager}
     * and initialized from the seed.
     */
    public LanguageModel newModel(NDManager manager, long vocabSize) {
        if (kind == Kind.SCRATCH) {
            return new RNNModelScratch(manager, vocabSize, hidden, activation, seed);
        }
        RecurrentCell cell = switch (kind) {
            case RNN -> activation == RNNModelScratch.Activation.RELU ? RecurrentCell.RNN_RELU : RecurrentCell.RNN_TANH;
            case GRU -> RecurrentCell.GRU;
            default -> RecurrentCell.LSTM;
        };
        RecurrentLayer layer = RecurrentLayer.builder()
                .setCell(cell)
                .setHiddenSize(hidden)
                .optLayers(layers)
                .optBidirectional(directions == 2)
                .optSeed(seed)
                .build();
        if (embedding == 0 && dropout == 0 && !tie) {
            return RNNModel.create(manager, layer, vocabSize, seed);
        }
        return RNNModel.builder(layer, vocabSize).optSeed(seed).optEmbedding(embedding).optDropout(dropout).optTie(tie)
                .create(manager);
    }

    /** Every component as text, keyed as the {@code d2l train} options are named. */
    public Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        FIELDS.forEach(f -> settings.put(f.key, f.get.apply(this)));
        return settings;
    }

    /**
     * The description in {@code settings}; keys it lacks keep their defaults (checkpoints older
     * than a component), keys it does not know are left alone (a run's other options).
     *
     * @throws IllegalArgumentException naming a setting whose value does not fit
     */
    public static ModelSpec fromSettings(Map<String, String> settings) {
        Builder builder = builder();
        for (Field field : FIELDS) {
            String value = settings.get(field.key);
            if (value != null) {
                try {
                    field.set.accept(builder, value.trim());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("The setting " + field.key + "=" + value + " is not valid: "
                            + e.getMessage(), e);
                }
            }
        }
        return builder.build();
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    static <E extends Enum<E>> E parseEnum(Class<E> type, String what, String name) {
        for (E value : type.getEnumConstants()) {
            if (value.name().equalsIgnoreCase(name == null ? "" : name.trim())) {
                return value;
            }
        }
        throw new IllegalArgumentException("Unknown " + what + " '" + name + "': use "
                + Arrays.stream(type.getEnumConstants()).map(ModelSpec::lower).collect(Collectors.joining(", ")));
    }

    private record Field(String key, Function<ModelSpec, String> get, BiConsumer<Builder, String> set) {}

    /** Builds a {@link ModelSpec}; every component starts at its default. */
    public static final class Builder {

        private Kind kind = Kind.SCRATCH;
        private RNNModelScratch.Activation activation = RNNModelScratch.Activation.TANH;
        private int hidden = 512;
        private int layers = 1;
        private int directions = 1;
        private TokenType tokens = TokenType.CHAR;
        private long seed = 42;
        private int embedding;
        private double dropout;
        private boolean tie;

        private Builder() {}

        private Builder(ModelSpec spec) {
            kind = spec.kind;
            activation = spec.activation;
            hidden = spec.hidden;
            layers = spec.layers;
            directions = spec.directions;
            tokens = spec.tokens;
            seed = spec.seed;
            embedding = spec.embedding;
            dropout = spec.dropout;
            tie = spec.tie;
        }

        /** The kind of model; default the scratch RNN. */
        public Builder kind(Kind kind) {
            this.kind = kind;
            return this;
        }

        /** The nonlinearity of the scratch and rnn models; default tanh. */
        public Builder activation(RNNModelScratch.Activation activation) {
            this.activation = activation;
            return this;
        }

        /** Hidden units per direction; default 512. */
        public Builder hidden(int hidden) {
            this.hidden = hidden;
            return this;
        }

        /** Stacked recurrent layers, concise models; default 1. */
        public Builder layers(int layers) {
            this.layers = layers;
            return this;
        }

        /** 1, or 2 for bidirectional layers, concise models; default 1. */
        public Builder directions(int directions) {
            this.directions = directions;
            return this;
        }

        /** The tokens the model reads; default characters. */
        public Builder tokens(TokenType tokens) {
            this.tokens = tokens;
            return this;
        }

        /** The seed of the initial weights; default 42. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Features of a learned embedding instead of one-hot inputs, concise models; default 0 (one-hot). */
        public Builder embedding(int embedding) {
            this.embedding = embedding;
            return this;
        }

        /** Dropout probability while training, concise models; default 0. */
        public Builder dropout(double dropout) {
            this.dropout = dropout;
            return this;
        }

        /** Whether the output layer shares the embedding as its weight; default no. */
        public Builder tie(boolean tie) {
            this.tie = tie;
            return this;
        }

        /** @throws IllegalArgumentException naming the first value that does not fit */
        public ModelSpec build() {
            return new ModelSpec(kind, activation, hidden, layers, directions, tokens, seed, embedding, dropout, tie);
        }
    }
}
