package dev.d2l.rnn.checkpoint;

/** A line of a damaged file as an error can show it: quoted, control characters escaped, at most 60 characters. */
final class Excerpt {

    private static final int LENGTH = 60;

    private Excerpt() {}

    static String of(String line) {
        StringBuilder text = new StringBuilder("'");
        line.codePoints().limit(LENGTH).forEach(c -> text.append(Character.isISOControl(c) || Character.getType(c)
                == Character.LINE_SEPARATOR || Character.getType(c) == Character.PARAGRAPH_SEPARATOR
                ? String.format("\\u%04x", c) : Character.toString(c)));
        return text.append(line.codePointCount(0, line.length()) > LENGTH ? "...'" : "'").toString();
    }
}
