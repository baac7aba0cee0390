package dev.d2l.rnn.data;

/**
 * Zipf's law fitted to frequencies by rank: {@code log n_i = -alpha log i + c} by least
 * squares (d2l 8.3).
 *
 * @param alpha the exponent; about 1 for the words of English text
 * @param intercept {@code c}, the natural log of the fitted frequency at rank 1
 * @param skip how many of the most frequent entries were left out of the fit
 * @param points how many entries the fit used
 */
public record ZipfFit(double alpha, double intercept, int skip, int points) {

    /**
     * Fits {@code frequencies} (index 0 is rank 1), leaving out the first {@code skip}
     * entries: the most frequent words (stop words) sit below the line.
     *
     * @throws IllegalArgumentException if fewer than two entries remain or one is not positive
     */
    public static ZipfFit fit(int[] frequencies, int skip) {
        if (skip < 0) {
            throw new IllegalArgumentException("skip must be >= 0, got " + skip);
        }
        int points = frequencies.length - skip;
        if (points < 2) {
            throw new IllegalArgumentException("A fit needs at least 2 frequencies after skipping " + skip
                    + ", but there are " + frequencies.length);
        }
        double sumX = 0;
        double sumY = 0;
        for (int i = skip; i < frequencies.length; i++) {
            if (frequencies[i] <= 0) {
                throw new IllegalArgumentException("Frequency at rank " + (i + 1) + " is " + frequencies[i]
                        + "; Zipf's law is fitted to positive frequencies");
            }
            sumX += Math.log(i + 1);
            sumY += Math.log(frequencies[i]);
        }
        double meanX = sumX / points;
        double meanY = sumY / points;
        double sxy = 0;
        double sxx = 0;
        for (int i = skip; i < frequencies.length; i++) {
            double dx = Math.log(i + 1) - meanX;
            sxy += dx * (Math.log(frequencies[i]) - meanY);
            sxx += dx * dx;
        }
        double slope = sxy / sxx;
        return new ZipfFit(-slope, meanY - slope * meanX, skip, points);
    }
}
