package vistream.streaming.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import vistream.core.graph.BayesianNetwork;
import vistream.core.graph.ConditionalProbabilityTable;
import vistream.core.graph.CptCounts;
import vistream.core.graph.CptPrior;
import vistream.core.graph.DiscreteVariable;
import vistream.core.graph.NetworkStructure;

/** Online CPT learning: equal to batch learning without forgetting, following a change with it. */
class NetworkLearningTest {

    private static final NetworkStructure STRUCTURE = new NetworkStructure(List.of(
            new DiscreteVariable("rain", List.of("no", "yes"), List.of()),
            new DiscreteVariable("wet", List.of("no", "yes"), List.of("rain"))));
    private static final List<String> HEADER = List.of("wet", "rain");

    private static BayesianNetwork source(double pRain) {
        return new BayesianNetwork(STRUCTURE, List.of(new ConditionalProbabilityTable(2, new double[] {1 - pRain, pRain}),
                new ConditionalProbabilityTable(2, new double[] {0.9, 0.1, 0.2, 0.8})));
    }

    private static List<List<String>> records(BayesianNetwork network, int n, SplittableRandom random) {
        List<List<String>> out = new ArrayList<>();
        for (int[] r : network.sample(n, random)) {
            out.add(List.of(STRUCTURE.variables().get(1).states().get(r[1]), STRUCTURE.variables().get(0).states().get(r[0])));
        }
        return out;
    }

    @Test
    void withoutForgettingTheFinalSnapshotEqualsBatchLearningExactly() {
        List<List<String>> data = new ArrayList<>(records(source(0.3), 2500, new SplittableRandom(1)));
        data.add(700, List.of("yes", "maybe"));
        data.add(1200, List.of("yes"));
        List<InvalidRecord> invalid = new ArrayList<>();
        List<NetworkSnapshot> snapshots = Flux.fromIterable(data)
                .transform(NetworkLearning.of(STRUCTURE, HEADER, new CptPrior.Dirichlet(1), 1000).onInvalid(invalid::add))
                .collectList().block();
        assertEquals(List.of(1000L, 2000L, 2500L), snapshots.stream().map(NetworkSnapshot::records).toList(),
                "every 1000 records and at completion");
        assertEquals(2, snapshots.get(2).rejected());
        assertEquals(List.of(700L, 1200L), invalid.stream().map(InvalidRecord::index).toList());
        assertTrue(invalid.get(0).message().contains("'maybe' is not a state of 'rain'"), invalid.get(0).message());
        assertTrue(invalid.get(1).message().contains("has 1 fields, expected 2"), invalid.get(1).message());

        CptCounts batch = new CptCounts(STRUCTURE);
        data.stream().filter(r -> r.size() == 2 && !r.get(1).equals("maybe"))
                .map(r -> new int[] {r.get(1).equals("yes") ? 1 : 0, r.get(0).equals("yes") ? 1 : 0}).forEach(batch::add);
        BayesianNetwork expected = batch.estimate(new CptPrior.Dirichlet(1));
        for (int v = 0; v < 2; v++) {
            assertEquals(expected.cpt(v), snapshots.get(2).network().cpt(v), "variable " + v + ": the same table exactly");
        }
    }

    @Test
    void withForgettingTheTablesFollowASourceThatChanges() {
        SplittableRandom random = new SplittableRandom(2);
        List<List<String>> data = new ArrayList<>(records(source(0.2), 10_000, random));
        data.addAll(records(source(0.8), 5_000, random));
        NetworkSnapshot forgetful = Flux.fromIterable(data)
                .transform(NetworkLearning.of(STRUCTURE, HEADER, new CptPrior.MaximumLikelihood(), 500).withHalfLife(500))
                .blockLast();
        NetworkSnapshot remembering = Flux.fromIterable(data)
                .transform(NetworkLearning.of(STRUCTURE, HEADER, new CptPrior.MaximumLikelihood(), 500)).blockLast();
        // With a half-life of 500 the last 5,000 records carry all but 2^-10 of the weight: p(rain)
        // is estimated from about 720 effective records of the new source, sd √(0.16/720) = 0.015.
        assertEquals(0.8, forgetful.network().cpt(0).probability(0, 1), 0.06);
        // Without forgetting it is the average of both regimes: (0.2·10000 + 0.8·5000) / 15000 = 0.4.
        assertEquals(0.4, remembering.network().cpt(0).probability(0, 1), 0.03);
    }

    @Test
    void argumentErrorsAreThrownWhenTheRecipeIsBuilt() {
        assertThrows(IllegalArgumentException.class, () -> NetworkLearning.of(STRUCTURE, List.of("wet"), new CptPrior.MaximumLikelihood(), 1));
        assertThrows(IllegalArgumentException.class, () -> NetworkLearning.of(STRUCTURE, HEADER, new CptPrior.MaximumLikelihood(), 0));
        assertThrows(IllegalArgumentException.class,
                () -> NetworkLearning.of(STRUCTURE, HEADER, new CptPrior.MaximumLikelihood(), 1).withHalfLife(0));
    }
}
