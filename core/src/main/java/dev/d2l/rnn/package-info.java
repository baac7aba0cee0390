/**
 * The engine-neutral core of d2l chapter 8 on DJL: text data, language models, training,
 * generation and checkpoints, written against DJL's {@code NDArray} API only. The per-user
 * cache folder lives here ({@link dev.d2l.rnn.CacheDirectory}); everything else is in the
 * subpackages.
 */
package dev.d2l.rnn;
