package dev.d2l.rnn.examples;

import dev.d2l.rnn.data.TokenType;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses --tokens with the data package's own message for a bad value. */
final class TokenTypeConverter implements ITypeConverter<TokenType> {
    @Override
    public TokenType convert(String value) {
        try {
            return TokenType.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
