/**
 * Models on disk, independent of the engine that trained them: parameters by name, the
 * optimizer's state, the vocabulary and the run's settings, saved atomically.
 */
package dev.d2l.rnn.checkpoint;
