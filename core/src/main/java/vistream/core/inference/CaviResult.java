package vistream.core.inference;

import java.util.Arrays;

import vistream.core.mixture.NaturalParameters;

/**
 * The outcome of a CAVI fit.
 *
 * @param posterior  the final global natural parameters λ
 * @param elbo       the ELBO after each iteration (the initial state is not included)
 * @param converged  whether the relative-change criterion of {@link CaviOptions} stopped the fit
 * @param weights    the mean responsibility of each component over the data, from the last
 *                   local step
 * @param restart    which start produced this result, from 0
 */
public record CaviResult(NaturalParameters posterior, double[] elbo, boolean converged, double[] weights, int restart) {

    /** Copies the arrays. */
    public CaviResult {
        elbo = elbo.clone();
        weights = weights.clone();
    }

    /**
     * Returns how many iterations ran.
     *
     * @return the length of the ELBO trace
     */
    public int iterations() {
        return elbo.length;
    }

    /**
     * Returns the ELBO after the last iteration.
     *
     * @return the final ELBO
     */
    public double finalElbo() {
        return elbo[elbo.length - 1];
    }

    /**
     * Returns a copy of the ELBO trace.
     *
     * @return the ELBO after each iteration
     */
    @Override
    public double[] elbo() {
        return elbo.clone();
    }

    /**
     * Returns a copy of the weights.
     *
     * @return mean responsibility per component
     */
    @Override
    public double[] weights() {
        return weights.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CaviResult r && posterior.equals(r.posterior) && Arrays.equals(elbo, r.elbo)
                && converged == r.converged && Arrays.equals(weights, r.weights) && restart == r.restart;
    }

    @Override
    public int hashCode() {
        return posterior.hashCode() * 31 + Arrays.hashCode(elbo);
    }

    @Override
    public String toString() {
        return "CaviResult[iterations=" + elbo.length + ", finalElbo=" + finalElbo() + ", converged=" + converged
                + ", restart=" + restart + "]";
    }
}
