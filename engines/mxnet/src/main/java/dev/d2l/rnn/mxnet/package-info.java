/**
 * The MXNet engine module: DJL's MXNet engine with the MKL CPU natives of the build's platform.
 * It has no classes of its own; the engine needs no setup beyond DJL's.
 */
package dev.d2l.rnn.mxnet;
