package vistream.streaming;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.LongFunction;

/** Seeded synthetic streams of one-dimensional Gaussian mixtures. */
final class Synthetic {

    private Synthetic() {
    }

    static double gaussian(SplittableRandom random) {
        double u = 1.0 - random.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2.0 * Math.PI * random.nextDouble());
    }

    /** n observations; observation i comes from a cluster chosen uniformly, with the means given at i. */
    static List<double[]> stream(long seed, int n, double sd, LongFunction<double[]> meansAt) {
        SplittableRandom random = new SplittableRandom(seed);
        List<double[]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double[] means = meansAt.apply(i);
            out.add(new double[] {means[random.nextInt(means.length)] + sd * gaussian(random)});
        }
        return out;
    }

    static List<double[]> stationary(long seed, int n, double sd, double... means) {
        return stream(seed, n, sd, i -> means);
    }

    static double[] flatten(List<double[]> observations) {
        double[] x = new double[observations.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = observations.get(i)[0];
        }
        return x;
    }
}
