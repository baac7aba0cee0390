/**
 * The PyTorch engine module: DJL's PyTorch engine with the CPU natives of the build's
 * platform, and its setup ({@link dev.d2l.rnn.pytorch.PyTorchSetup}).
 */
package dev.d2l.rnn.pytorch;
