package dev.d2l.rnn.examples;

import dev.d2l.rnn.data.Sampling;
import picocli.CommandLine.ITypeConverter;

/** Parses --sampling with the data package's own message for a bad value. */
final class SamplingConverter implements ITypeConverter<Sampling> {
    @Override
    public Sampling convert(String value) {
        return Sampling.parse(value);
    }
}
