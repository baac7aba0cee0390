/**
 * Obtaining a DJL engine by name ({@link dev.d2l.rnn.engine.Engines}), choosing its device, and
 * the capabilities measured by probing it rather than assumed from its name.
 */
package dev.d2l.rnn.engine;
