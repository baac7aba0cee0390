/**
 * The chapter's figures as PNG and SVG files: perplexity curves, word frequencies, the sine
 * wave's predictions. The only package that uses XChart.
 */
package dev.d2l.rnn.plot;
