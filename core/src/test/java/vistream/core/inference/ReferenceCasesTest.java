package vistream.core.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vistream.core.Tolerance.REFERENCE;
import static vistream.core.Tolerance.assertRelativelyClose;

import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import vistream.core.ReferenceData;
import vistream.core.evidence.ExactEvidence;
import vistream.core.evidence.LogEvidence;
import vistream.core.mixture.KnownVarianceGaussianMixture;

/**
 * Reproduces ../shared/reference/reference.json: ELBO traces, means and variances computed
 * independently with numpy, and log evidence by exact enumeration, to a relative 1e-9.
 */
class ReferenceCasesTest {

    static Stream<Arguments> cases() {
        return arguments(ReferenceData.cases());
    }

    /** The cases small enough to carry an exactly enumerated log evidence. */
    static Stream<Arguments> evidenceCases() {
        return arguments(ReferenceData.cases().stream().filter(c -> c.has("logEvidence")).toList());
    }

    private static Stream<Arguments> arguments(List<JsonNode> cases) {
        return cases.stream().map(c -> Arguments.of(c.get("data").asText() + " K=" + c.get("k").asInt()
                + " sigma0=" + c.get("sigma0").asDouble() + " sigma=" + c.get("sigma").asDouble(), c));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void caviTraceMeansAndVariancesMatch(String name, JsonNode c) {
        double[] data = ReferenceData.data(c.get("data").asText());
        KnownVarianceGaussianMixture model = new KnownVarianceGaussianMixture(
                c.get("k").asInt(), c.get("sigma0").asDouble(), c.get("sigma").asDouble());
        Initialisation init = new Initialisation.GivenMeans(
                ReferenceData.doubles(c.get("init_means")), c.get("init_variance").asDouble());
        int iterations = c.get("iterations").asInt();

        CaviResult fit = Cavi.fit(model, data, init, new CaviOptions(iterations, 0.0), IterationListener.NONE);

        assertEquals(iterations, fit.iterations(), "tolerance 0 runs every iteration");
        assertFalse(fit.converged(), "tolerance 0 never reports convergence");
        assertRelativelyClose(ReferenceData.doubles(c.get("elbo")), fit.elbo(), REFERENCE, name + " ELBO trace");
        assertRelativelyClose(ReferenceData.doubles(c.get("means")), model.means(fit.posterior()), REFERENCE, name + " means");
        assertRelativelyClose(ReferenceData.doubles(c.get("variances")), model.variances(fit.posterior()), REFERENCE,
                name + " variances");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("evidenceCases")
    void exactEvidenceMatchesAndBoundsTheElbo(String name, JsonNode c) {
        double[] data = ReferenceData.data(c.get("data").asText());
        LogEvidence evidence = ExactEvidence.compute(data, c.get("k").asInt(), c.get("sigma0").asDouble(),
                c.get("sigma").asDouble());

        assertRelativelyClose(c.get("logEvidence").asDouble(), evidence.logEvidence(), REFERENCE, name + " log evidence");
        assertEquals(c.get("assignments").asLong(), evidence.assignments());
        double[] elbo = ReferenceData.doubles(c.get("elbo"));
        assertTrue(elbo[elbo.length - 1] <= evidence.logEvidence(), "ELBO <= log p(x)");
    }
}
