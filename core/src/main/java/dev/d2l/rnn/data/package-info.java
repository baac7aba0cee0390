/**
 * Text preprocessing and language-model data (d2l 8.2 and 8.3): the datasets and where they
 * are found, tokens, {@link dev.d2l.rnn.data.Vocab}, n-gram statistics and
 * {@link dev.d2l.rnn.data.SeqDataLoader} with random and sequential sampling.
 */
package dev.d2l.rnn.data;
