/**
 * A checkpoint folder as a DJL model: the block and translator factories that its
 * {@code serving.properties} names, so that DJL's {@code Criteria} loads it on any engine and
 * continues text as {@code d2l generate} does.
 */
package dev.d2l.rnn.serving;
