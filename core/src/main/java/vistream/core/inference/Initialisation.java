package vistream.core.inference;

import java.util.Arrays;

import vistream.core.numeric.Checks;

/**
 * Where coordinate ascent starts: given means, or means chosen from the data by seeded
 * k-means++ (Arthur and Vassilvitskii 2007), with restarts keeping the highest final ELBO.
 * Every component factor starts with the same variance.
 */
public sealed interface Initialisation permits Initialisation.GivenMeans, Initialisation.KMeansPlusPlus {

    /** Default variance of every initial factor q(μ_k). */
    double DEFAULT_VARIANCE = 1.0;

    /**
     * The initial variance of each component's factor.
     *
     * @return a finite positive variance
     */
    double variance();

    /**
     * Starts from the given means.
     *
     * @param means    K × D initial means, row-major; copied
     * @param variance the initial variance of every factor
     */
    record GivenMeans(double[] means, double variance) implements Initialisation {

        /**
         * Copies and validates the means.
         *
         * @throws IllegalArgumentException if a mean is not finite or the variance is not positive
         */
        public GivenMeans {
            means = Checks.allFinite("initial mean", means.clone());
            Checks.positiveFinite("initial variance", variance);
        }

        /**
         * Returns a copy of the means.
         *
         * @return the initial means
         */
        @Override
        public double[] means() {
            return means.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof GivenMeans g && Arrays.equals(means, g.means) && variance == g.variance;
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(means) + Double.hashCode(variance);
        }

        @Override
        public String toString() {
            return "GivenMeans[means=" + Arrays.toString(means) + ", variance=" + variance + "]";
        }
    }

    /**
     * Chooses the means from the data by k-means++ seeding, {@code restarts} times from one
     * seeded random generator, and keeps the run with the highest final ELBO.
     *
     * @param seed     seed of the random generator; the same seed gives the same fit
     * @param restarts how many independent starts, at least 1
     * @param variance the initial variance of every factor
     */
    record KMeansPlusPlus(long seed, int restarts, double variance) implements Initialisation {

        /**
         * Validates the settings.
         *
         * @throws IllegalArgumentException if restarts &lt; 1 or the variance is not positive
         */
        public KMeansPlusPlus {
            Checks.atLeast("restarts", restarts, 1);
            Checks.positiveFinite("initial variance", variance);
        }
    }
}
