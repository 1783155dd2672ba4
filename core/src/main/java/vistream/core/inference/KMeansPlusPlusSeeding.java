package vistream.core.inference;

import java.util.SplittableRandom;

/**
 * k-means++ seeding (Arthur and Vassilvitskii 2007): the first centre uniformly from the data,
 * each next one with probability proportional to its squared distance to the nearest centre
 * chosen so far. When every point already coincides with a centre (fewer distinct points than
 * components), the next centre is drawn uniformly.
 */
public final class KMeansPlusPlusSeeding {

    private KMeansPlusPlusSeeding() {
    }

    /**
     * Chooses {@code k} centres among the observations.
     *
     * @param data      observations, row-major, {@code dimension} values each; at least one
     * @param dimension values per observation
     * @param k         number of centres
     * @param random    the source of randomness
     * @return k × dimension centres, row-major
     * @throws IllegalArgumentException if there is no observation, the data are not whole
     *                                  observations or {@code k < 1}
     */
    public static double[] centres(double[] data, int dimension, int k, SplittableRandom random) {
        vistream.core.numeric.Checks.atLeast("number of centres", k, 1);
        Cavi.requireObservations(data, dimension);
        int n = data.length / dimension;
        double[] centres = new double[k * dimension];
        double[] nearest = new double[n];
        int first = random.nextInt(n);
        System.arraycopy(data, first * dimension, centres, 0, dimension);
        double total = 0.0;
        for (int i = 0; i < n; i++) {
            nearest[i] = squaredDistance(data, i, centres, 0, dimension);
            total += nearest[i];
        }
        for (int c = 1; c < k; c++) {
            int chosen = total > 0.0 ? sampleProportional(nearest, total, random) : random.nextInt(n);
            System.arraycopy(data, chosen * dimension, centres, c * dimension, dimension);
            total = 0.0;
            for (int i = 0; i < n; i++) {
                double d = squaredDistance(data, i, centres, c, dimension);
                if (d < nearest[i]) {
                    nearest[i] = d;
                }
                total += nearest[i];
            }
        }
        return centres;
    }

    private static int sampleProportional(double[] weights, double total, SplittableRandom random) {
        double u = random.nextDouble() * total;
        double cumulative = 0.0;
        int last = -1;
        for (int i = 0; i < weights.length; i++) {
            if (weights[i] > 0.0) {
                cumulative += weights[i];
                last = i;
                if (u < cumulative) {
                    return i;
                }
            }
        }
        // Rounding can leave u a hair above the running sum: take the last point with weight.
        return last;
    }

    private static double squaredDistance(double[] data, int i, double[] centres, int c, int dimension) {
        double sum = 0.0;
        for (int d = 0; d < dimension; d++) {
            double diff = data[i * dimension + d] - centres[c * dimension + d];
            sum += diff * diff;
        }
        return sum;
    }
}
