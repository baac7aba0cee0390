/**
 * The TensorFlow engine module: DJL's TensorFlow engine with TF-Java's natives for the build's
 * platform, unpacked once so the engine starts offline ({@link dev.d2l.rnn.tensorflow.TensorFlowSetup}).
 */
package dev.d2l.rnn.tensorflow;
