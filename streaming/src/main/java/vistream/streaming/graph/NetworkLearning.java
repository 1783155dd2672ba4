package vistream.streaming.graph;

import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SynchronousSink;
import vistream.core.graph.CptCounts;
import vistream.core.graph.CptPrior;
import vistream.core.graph.NetworkStructure;
import vistream.core.graph.RecordParser;

/**
 * Online CPT learning as a Reactor recipe: records (fields under a header) in, snapshots of the
 * learned network out, one every {@code every} records and one at completion.
 * <pre>{@code
 * Flux<NetworkSnapshot> networks = records.transform(NetworkLearning.of(structure, header, prior, 1000));
 * }</pre>
 * Without forgetting, the final snapshot equals batch learning on the same records exactly (the
 * counts are whole numbers). With a half-life of h records, every count is multiplied by
 * 2^(−1/h) before each new record, so the CPTs follow a drifting source.
 *
 * <p>Invalid records (wrong number of fields, a missing value, an unknown state) are counted, handed
 * to the side channel and kept out; the stream goes on. The counts belong to one subscription, so
 * a recipe may be applied to many fluxes.
 */
public final class NetworkLearning implements Function<Flux<List<String>>, Flux<NetworkSnapshot>> {

    private final NetworkStructure structure;
    private final List<String> header;
    private final CptPrior prior;
    private final long every;
    private final double forgetting;
    private final Consumer<InvalidRecord> onInvalid;

    private NetworkLearning(NetworkStructure structure, List<String> header, CptPrior prior, long every,
            double forgetting, Consumer<InvalidRecord> onInvalid) {
        this.structure = structure;
        this.header = List.copyOf(header);
        this.prior = prior;
        this.every = every;
        this.forgetting = forgetting;
        this.onInvalid = onInvalid;
        new RecordParser(structure, this.header); // validates the header now
    }

    /**
     * Learns without forgetting, ignoring invalid records beyond counting them.
     *
     * @param structure the DAG
     * @param header    the records' field names
     * @param prior     how CPTs are estimated from counts
     * @param every     a snapshot each this many valid records, at least 1
     * @return the recipe
     */
    public static NetworkLearning of(NetworkStructure structure, List<String> header, CptPrior prior, long every) {
        Objects.requireNonNull(structure, "structure");
        Objects.requireNonNull(prior, "prior");
        if (every < 1) {
            throw new IllegalArgumentException("snapshots every " + every + " records: must be at least 1");
        }
        return new NetworkLearning(structure, header, prior, every, 1.0, invalid -> { });
    }

    /**
     * Returns this recipe with exponential forgetting: a record's weight halves every
     * {@code halfLife} records that come after it.
     *
     * @param halfLife in records, finite and positive
     * @return the recipe with forgetting
     */
    public NetworkLearning withHalfLife(double halfLife) {
        if (!(halfLife > 0.0) || Double.isInfinite(halfLife)) {
            throw new IllegalArgumentException("the half-life must be a finite number of records above 0, got " + halfLife);
        }
        return new NetworkLearning(structure, header, prior, every, Math.pow(2.0, -1.0 / halfLife), onInvalid);
    }

    /**
     * Returns this recipe with a side channel for invalid records.
     *
     * @param handler called on the stream's thread; quick and non-blocking
     * @return the recipe
     */
    public NetworkLearning onInvalid(Consumer<InvalidRecord> handler) {
        return new NetworkLearning(structure, header, prior, every, forgetting, Objects.requireNonNull(handler, "handler"));
    }

    @Override
    public Flux<NetworkSnapshot> apply(Flux<List<String>> records) {
        Objects.requireNonNull(records, "records");
        return Flux.defer(() -> {
            RecordParser parser = new RecordParser(structure, header);
            CptCounts counts = new CptCounts(structure);
            long[] seen = {0, 0, 0}; // index, valid, rejected
            long[] emittedAt = {-1};
            return records.handle((List<String> fields, SynchronousSink<NetworkSnapshot> sink) -> {
                long index = seen[0]++;
                int[] record;
                try {
                    record = parser.parse(index + 1, fields);
                } catch (IllegalArgumentException e) {
                    seen[2]++;
                    onInvalid.accept(new InvalidRecord(index, fields, e.getMessage()));
                    return;
                }
                if (forgetting < 1.0) {
                    counts.decay(forgetting);
                }
                counts.add(record);
                if (++seen[1] % every == 0) {
                    emittedAt[0] = seen[1];
                    sink.next(new NetworkSnapshot(seen[1], seen[2], counts.estimate(prior)));
                }
            }).concatWith(Mono.fromSupplier(() -> seen[1] > 0 && emittedAt[0] != seen[1]
                    ? new NetworkSnapshot(seen[1], seen[2], counts.estimate(prior)) : null));
        });
    }
}
