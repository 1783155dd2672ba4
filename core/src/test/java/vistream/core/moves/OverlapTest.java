package vistream.core.moves;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import vistream.core.mixture.KnownVarianceGaussianMixture;
import vistream.core.mixture.NaturalParameters;
import vistream.core.mixture.WeightFactor;

/** The Bhattacharyya coefficient against its closed forms, and the shares of a merge. */
class OverlapTest {

    @Test
    void equalVariancesGiveTheGaussianOfTheDistance() {
        // BC = exp(−d²/(8σ²)) for two normals of variance σ² whose means are d apart.
        KnownVarianceGaussianMixture model = new KnownVarianceGaussianMixture(3, 100.0, 2.0, new WeightFactor.Dirichlet(1));
        NaturalParameters posterior = model.initialPosterior(new double[] {0.0, 4.0, 10.0}, 1e-12);
        double[][] bc = Overlap.coefficients(model, posterior);
        assertEquals(Math.exp(-16.0 / 32.0), bc[0][1], 1e-12);
        assertEquals(Math.exp(-100.0 / 32.0), bc[0][2], 1e-12);
        assertEquals(bc[1][2], bc[2][1], 0.0);
        assertEquals(1.0, bc[1][1], 0.0);
    }

    @Test
    void aMergeAddsOneRowToAnother() {
        assertArrayEquals(new double[][] {{1, 0, 0, 1}, {0, 1, 0, 0}, {0, 0, 1, 0}}, Proposal.absorbing(4, 0, 3));
        assertArrayEquals(new double[][] {{1, 0, 0}, {0, 1, 1}}, Proposal.absorbing(3, 2, 1));
    }
}
