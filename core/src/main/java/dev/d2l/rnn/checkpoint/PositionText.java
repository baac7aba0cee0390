package dev.d2l.rnn.checkpoint;

import dev.d2l.rnn.train.EpochPosition;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The text of {@value Checkpoint#POSITION}: an {@link EpochPosition}, one {@code name value} a line. */
final class PositionText {

    private PositionText() {}

    static String text(EpochPosition position) {
        return "# where the run stopped inside an epoch: minibatches trained, and their summed loss times tokens\n"
                + "epoch " + position.epoch() + "\n"
                + "batches " + position.batches() + "\n"
                + "loss-times-tokens " + position.lossTimesTokens() + "\n"
                + "tokens " + position.tokens() + "\n";
    }

    /** @throws IllegalArgumentException for a line not understood, a value missing or not a number, or a position no run reaches */
    static EpochPosition parse(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] words = line.split(" ");
            if (words.length != 2 || values.put(words[0], words[1]) != null) {
                throw new IllegalArgumentException(Checkpoint.POSITION + " has a line that is not understood: " + Excerpt.of(line));
            }
        }
        if (!values.keySet().equals(Set.of("epoch", "batches", "loss-times-tokens", "tokens"))) {
            throw new IllegalArgumentException(Checkpoint.POSITION + " must give epoch, batches, loss-times-tokens and tokens, got "
                    + values.keySet());
        }
        try {
            return new EpochPosition(Integer.parseInt(values.get("epoch")), Integer.parseInt(values.get("batches")),
                    Double.parseDouble(values.get("loss-times-tokens")), Long.parseLong(values.get("tokens")));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(Checkpoint.POSITION + " holds a value that is not a number: " + e.getMessage(), e);
        }
    }
}
