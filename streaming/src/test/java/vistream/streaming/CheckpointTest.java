package vistream.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.scheduler.VirtualTimeScheduler;

import vistream.core.inference.UpdateRule;
import vistream.core.mixture.KnownVarianceGaussianMixture;

/** A snapshot round-trips through JSON exactly, and resuming from it equals never stopping. */
class CheckpointTest {

    private final KnownVarianceGaussianMixture model = new KnownVarianceGaussianMixture(3, 10.0, 1.0);

    @Test
    void resumingFromAJsonCheckpointEqualsAnUninterruptedRun() {
        List<double[]> data = new ArrayList<>(Synthetic.stream(31, 12_000, 1.0,
                i -> i < 7000 ? new double[] {-5, 0, 5} : new double[] {-5, 0, 9}));
        data.add(4321, new double[] {Double.NaN}); // an invalid one before the cut, one after
        data.add(9000, new double[] {1, 2});
        for (UpdateRule rule : List.of(new UpdateRule.Svi(12_000, 0.7, 5), new UpdateRule.StreamingVb(),
                new UpdateRule.PopulationVb(2000, 0.6, 1), new UpdateRule.ConstantStep(0.1, 1000))) {
            StreamOptions options = StreamOptions.builder().batchSize(100).emitEvery(500).updateRule(rule)
                    .timer(VirtualTimeScheduler.create()).drift(new DriftOptions(3, 0.25, 50, 100)).build();
            List<PosteriorSnapshot> whole = Flux.fromIterable(data).transform(VariationalStream.of(model, options))
                    .collectList().block();

            PosteriorSnapshot cut = whole.get(9); // after 5,000 valid observations
            assertEquals(5000, cut.observations());
            String json = SnapshotJson.write(cut);
            PosteriorSnapshot restored = SnapshotJson.read(json);
            assertEquals(cut, restored, "the JSON round trip is exact");
            assertEquals(json, SnapshotJson.write(restored));

            int consumed = (int) (cut.observations() + cut.rejected());
            List<PosteriorSnapshot> rest = Flux.fromIterable(data.subList(consumed, data.size()))
                    .transform(VariationalStream.resumeFrom(model, options, restored)).collectList().block();
            assertEquals(whole.subList(10, whole.size()), rest, rule + ": resumed run");
            assertTrue(rest.stream().anyMatch(s -> !s.driftEvents().isEmpty()) == whole.subList(10, whole.size())
                    .stream().anyMatch(s -> !s.driftEvents().isEmpty()));
        }
    }

    @Test
    void aCorruptOrForeignCheckpointIsAClearError() {
        List<double[]> data = Synthetic.stationary(2, 300, 1.0, -5, 0, 5);
        StreamOptions options = StreamOptions.builder().batchSize(100).build();
        PosteriorSnapshot last = Flux.fromIterable(data).transform(VariationalStream.of(model, options)).blockLast();
        String json = SnapshotJson.write(last);

        IllegalArgumentException truncated = assertThrows(IllegalArgumentException.class,
                () -> SnapshotJson.read(json.substring(0, json.length() / 2)));
        assertTrue(truncated.getMessage().startsWith("not a valid vistream snapshot"), truncated.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> SnapshotJson.read(json.replace("\"checkpoint\"", "\"somethingElse\"")));
        assertTrue(missing.getMessage().startsWith("not a valid vistream snapshot"), missing.getMessage());
        IllegalArgumentException notFinite = assertThrows(IllegalArgumentException.class,
                () -> SnapshotJson.read(json.replaceFirst("\"posterior\":\\[[^,]*,", "\"posterior\":[\"NaN\",")));
        assertTrue(notFinite.getMessage().contains("checkpoint posterior[0] is NaN"), notFinite.getMessage());

        KnownVarianceGaussianMixture other = new KnownVarianceGaussianMixture(4, 10.0, 1.0);
        IllegalArgumentException foreign = assertThrows(IllegalArgumentException.class,
                () -> VariationalStream.resumeFrom(other, options, last));
        assertTrue(foreign.getMessage().contains("the snapshot has 3 clusters, not the model's 4"), foreign.getMessage());
    }

    @Test
    void theLineWithoutCheckpointIsTheWholeLineLessItsCheckpoint() throws Exception {
        List<double[]> data = Synthetic.stationary(2, 300, 1.0, -5, 0, 5);
        StreamOptions options = StreamOptions.builder().batchSize(100).build();
        PosteriorSnapshot last = Flux.fromIterable(data).transform(VariationalStream.of(model, options)).blockLast();
        ObjectMapper json = new ObjectMapper();
        ObjectNode whole = (ObjectNode) json.readTree(SnapshotJson.write(last));
        whole.remove("checkpoint");
        StringWriter out = new StringWriter();
        SnapshotJson.writeWithoutCheckpoint(last, out);
        out.write("|still open");
        assertEquals(whole.toString() + "|still open", out.toString(),
                "the same fields in the same order and the same digits, and the writer left open");
    }
}
