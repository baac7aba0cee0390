/**
 * Sequence models (d2l 8.1): autoregression on a noisy sine wave with an MLP, and 1-step,
 * multi-step and k-step prediction.
 */
package dev.d2l.rnn.sequence;
