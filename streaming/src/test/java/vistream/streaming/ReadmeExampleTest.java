package vistream.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import vistream.core.inference.UpdateRule;
import vistream.core.mixture.KnownVarianceGaussianMixture;

/** The README's "A stream inside your Reactor application" snippet, kept compiling and running. */
class ReadmeExampleTest {

    /** Stands in for the application's logger in the snippet. */
    private static final class Log {
        final List<String> warnings = new ArrayList<>();

        void warn(String format, Object argument) {
            warnings.add(format.replace("{}", String.valueOf(argument)));
        }
    }

    @Test
    void readmeSnippetRuns() {
        Log log = new Log();
        List<double[]> data = new ArrayList<>(Synthetic.stationary(12, 3000, 1.0, -5, 0, 5));
        data.add(700, new double[] {Double.NaN});
        Flux<double[]> observations = Flux.fromIterable(data);

        // --- README snippet ---
        KnownVarianceGaussianMixture model = new KnownVarianceGaussianMixture(3, 10.0, 1.0);
        StreamOptions options = StreamOptions.builder()
                .batchSize(500)
                .maxBatchDelay(Duration.ofSeconds(1))
                .updateRule(new UpdateRule.PopulationVb(5_000, 0.6, 1))
                .onInvalid(invalid -> log.warn("{}", invalid.message()))
                .build();
        VariationalStream learner = VariationalStream.of(model, options);

        Flux<double[]> shared = observations.publish().autoConnect(2);
        Flux<ScoredObservation> scored = shared.transform(learner.scoring());   // anomaly score per observation
        Flux<PosteriorSnapshot> snapshots = shared.transform(learner);          // posterior after each batch
        // --- end ---

        List<Record> both = Flux.<Record>merge(scored, snapshots).collectList().block();
        long scores = both.stream().filter(ScoredObservation.class::isInstance).count();
        List<PosteriorSnapshot> snaps = both.stream().filter(PosteriorSnapshot.class::isInstance)
                .map(PosteriorSnapshot.class::cast).toList();
        assertEquals(3000, scores);
        assertEquals(6, snaps.size());
        assertEquals(1, snaps.get(5).rejected());
        assertEquals(List.of("observation 700 has value NaN; values must be finite"), log.warnings);
        PosteriorSnapshot last = snaps.get(5);
        assertEquals(last, SnapshotJson.read(SnapshotJson.write(last)));
        double[] means = last.means();
        java.util.Arrays.sort(means);
        assertTrue(Math.abs(means[0] + 5) < 0.2 && Math.abs(means[1]) < 0.2 && Math.abs(means[2] - 5) < 0.2,
                java.util.Arrays.toString(means));
    }
}
