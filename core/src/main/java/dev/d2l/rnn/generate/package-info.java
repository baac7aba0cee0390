/**
 * Text from a trained language model, d2l's {@code predict_ch8}: warm-up on a prefix, then
 * greedy or temperature sampling.
 */
package dev.d2l.rnn.generate;
