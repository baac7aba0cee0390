/**
 * Files written so that a crash never leaves half of one under its final name: the one
 * write-then-rename primitive that checkpoints, plots, tables and downloads share.
 */
package dev.d2l.rnn.io;
