/**
 * Training language models (d2l's {@code train_ch8}): the loop, gradient sources (autograd or
 * the written-out BPTT), clipping, updaters (SGD, Adam) and listeners for perplexity.
 */
package dev.d2l.rnn.train;
