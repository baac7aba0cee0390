package dev.d2l.rnn.examples;

import dev.d2l.rnn.data.Sampling;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses --sampling with the data package's own message for a bad value. */
final class SamplingConverter implements ITypeConverter<Sampling> {
    @Override
    public Sampling convert(String value) {
        try {
            return Sampling.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
