/**
 * The language models of d2l 8.4-8.7: {@link dev.d2l.rnn.model.RNNModelScratch},
 * {@link dev.d2l.rnn.model.RNNModel} over a {@link dev.d2l.rnn.model.RecurrentLayer}, and their
 * backpropagation through time written out ({@link dev.d2l.rnn.model.BpttModel}), all behind
 * {@link dev.d2l.rnn.model.LanguageModel}.
 */
package dev.d2l.rnn.model;
