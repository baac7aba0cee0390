/**
 * The {@code d2l} command-line program ({@link dev.d2l.rnn.examples.D2l}) and the runnable
 * example and benchmark programs of the chapter.
 */
package dev.d2l.rnn.examples;
