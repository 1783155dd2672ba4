package vistream.core.moves;

import vistream.core.mixture.ConjugateMixture;
import vistream.core.mixture.NaturalParameters;

/**
 * Moving observations' statistics between the components of a posterior: λ' = base + f · change,
 * with f as large as keeps λ' a valid posterior. A change computed from a sample of recent
 * observations can ask a component for more than its history holds (it absorbed those observations
 * with other responsibilities); the largest valid fraction of 1, ½, ¼ … 1/64, or none, is taken.
 */
final class Reassignment {

    /** Below this fraction of the change, none of it is taken. */
    private static final double SMALLEST = 1.0 / 64;

    private Reassignment() {
    }

    /**
     * Returns base + f · change for the largest f of 1, ½ … {@value #SMALLEST} that gives a valid
     * posterior (no negative count, every factor proper), or {@code base} if none does.
     *
     * @param model  the model of both
     * @param base   a valid posterior
     * @param change an increment of natural parameters
     * @return the result
     */
    static NaturalParameters largestValid(ConjugateMixture model, NaturalParameters base, NaturalParameters change) {
        for (double f = 1.0; f >= SMALLEST; f /= 2.0) {
            NaturalParameters candidate = base.plus(change, f);
            if (valid(model, candidate)) {
                return candidate;
            }
        }
        return base;
    }

    /** −x. */
    static NaturalParameters negated(NaturalParameters x) {
        double[] v = x.values();
        for (int i = 0; i < v.length; i++) {
            v[i] = -v[i];
        }
        return new NaturalParameters(v);
    }

    private static boolean valid(ConjugateMixture model, NaturalParameters posterior) {
        try {
            model.localStep(posterior);
            double total = 0.0;
            double[] counts = model.counts(posterior);
            for (double n : counts) {
                total += Math.abs(n);
            }
            for (double n : counts) {
                // A count that should be 0 may be a few ulps of the total below it.
                if (n < -1e-9 * Math.max(1.0, total)) {
                    return false;
                }
            }
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
