/**
 * Chapter 8 as programs, one per section (8.1, 8.2, 8.3, 8.5, 8.6, 8.7), each running the
 * book's cells in order on any engine.
 */
package dev.d2l.rnn.examples.chapter8;
