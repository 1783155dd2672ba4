package vistream.streaming;

import java.util.ArrayList;
import java.util.List;

import vistream.core.mixture.ConjugateMixture;
import vistream.core.mixture.NaturalParameters;

/**
 * How far each component moved since a reference posterior: the distance of its mean and the
 * KL divergence of its factor, component by component of the same id. A component the reference
 * does not have (born since) has moved 0.
 */
final class DriftMeasures {

    private DriftMeasures() {
    }

    /**
     * Returns, per current component, the displacement and divergence from {@code previous} and
     * from {@code windowStart}.
     */
    static List<ClusterDrift> between(StreamPosterior now, PosteriorReference previous, PosteriorReference windowStart) {
        ConjugateMixture model = now.model();
        NaturalParameters current = now.current();
        long[] ids = now.ids().ids();
        double[][] sinceLast = measure(model, current, ids, previous);
        double[][] sinceWindow = measure(model, current, ids, windowStart);
        List<ClusterDrift> out = new ArrayList<>(ids.length);
        for (int c = 0; c < ids.length; c++) {
            out.add(new ClusterDrift(ids[c], sinceLast[0][c], sinceLast[1][c], sinceWindow[0][c], sinceWindow[1][c]));
        }
        return out;
    }

    /** {displacements, divergences} of the current components from the reference's same ids. */
    private static double[][] measure(ConjugateMixture model, NaturalParameters current, long[] ids,
            PosteriorReference reference) {
        int k = ids.length;
        int d = model.dimension();
        NaturalParameters from = reference.posterior();
        boolean[] present = new boolean[k];
        if (reference.sameComponents(ids)) {
            java.util.Arrays.fill(present, true);
        } else {
            // The reference's components rearranged into the current order; one it lacks is the
            // prior there, and its measures are set to 0 below.
            ConjugateMixture referenceModel = model.withComponents(reference.ids().length);
            double[][] rows = new double[k][reference.ids().length];
            for (int c = 0; c < k; c++) {
                int at = reference.indexOf(ids[c]);
                if (at >= 0) {
                    rows[c][at] = 1.0;
                    present[c] = true;
                }
            }
            from = referenceModel.recombine(from, rows);
        }
        double[] a = model.means(from);
        double[] b = model.means(current);
        double[] divergence = model.componentDivergences(from, current);
        double[] displacement = new double[k];
        for (int c = 0; c < k; c++) {
            if (!present[c]) {
                divergence[c] = 0.0;
                continue;
            }
            double sum = 0.0;
            for (int i = 0; i < d; i++) {
                double diff = b[c * d + i] - a[c * d + i];
                sum += diff * diff;
            }
            displacement[c] = Math.sqrt(sum);
        }
        return new double[][] {displacement, divergence};
    }
}
