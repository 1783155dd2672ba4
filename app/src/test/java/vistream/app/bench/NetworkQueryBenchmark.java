package vistream.app.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import vistream.app.bn.NetworkFiles;
import vistream.core.graph.BayesianNetwork;
import vistream.core.graph.EliminationCost;
import vistream.core.graph.NetworkStructure;
import vistream.core.graph.VariableElimination;

/**
 * Exact inference on the published networks of the bnlearn repository, time per query in one
 * warm JVM. The networks are not part of the repository: put {@code NAME.bif} (or
 * {@code .bif.gz}) files in a directory and name it in the environment variable
 * {@code VISTREAM_NETWORKS}.
 *
 * <p>The queries are drawn once per network, seeded: 20 records are forward-sampled (so the
 * evidence is possible), and query i asks about one variable given i mod 5 other variables
 * observed at their sampled states. They are written to {@code target/bn-queries/NAME.jsonl} in
 * the format of {@code bn query --queries}, so that {@code docs/benchmarks/bn_vs_pgmpy.py} asks
 * pgmpy the same questions. Setup prints each network's size and the largest factor its queries
 * build.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class NetworkQueryBenchmark {

    static final int QUERIES = 20;

    @Param({"asia", "cancer", "earthquake", "sachs", "survey", "alarm", "barley", "child", "insurance", "mildew",
        "water", "hailfinder", "hepar2", "win95pts", "andes", "pathfinder", "pigs", "munin1", "link", "diabetes",
        "munin"})
    String network;

    private VariableElimination inference;
    private int[][] asked;
    private int[][] evidence;

    @Setup
    public void readNetworkAndDrawQueries() throws IOException {
        String dir = System.getenv("VISTREAM_NETWORKS");
        if (dir == null) {
            throw new IllegalStateException("set VISTREAM_NETWORKS to a directory of bnlearn .bif files");
        }
        Path file = Path.of(dir, network + ".bif");
        if (!Files.exists(file)) {
            file = Path.of(dir, network + ".bif.gz");
        }
        BayesianNetwork bn = NetworkFiles.readModel(file, new PrintWriter(new StringWriter()));
        inference = new VariableElimination(bn);
        draw(bn);
        writeQueries(bn);
        long largest = 0;
        long[] work = new long[QUERIES];
        for (int i = 0; i < QUERIES; i++) {
            EliminationCost cost = inference.cost(asked[i], evidence[i]);
            largest = Math.max(largest, cost.largestFactor());
            work[i] = cost.work();
        }
        Arrays.sort(work);
        NetworkStructure s = bn.structure();
        System.out.printf(Locale.ROOT, "%n%s: %d nodes, %d parameters; largest factor %d entries, median work %d%n",
                network, s.size(), s.parameterCount().free(), largest, work[QUERIES / 2]);
    }

    private void draw(BayesianNetwork bn) {
        SplittableRandom random = new SplittableRandom(20261202L);
        List<int[]> records = bn.sample(QUERIES, random);
        int n = bn.structure().size();
        asked = new int[QUERIES][];
        evidence = new int[QUERIES][];
        for (int i = 0; i < QUERIES; i++) {
            int query = random.nextInt(n);
            int[] observed = new int[n];
            Arrays.fill(observed, -1);
            int wanted = Math.min(i % 5, n - 1);
            for (int chosen = 0; chosen < wanted; ) {
                int v = random.nextInt(n);
                if (v != query && observed[v] < 0) {
                    observed[v] = records.get(i)[v];
                    chosen++;
                }
            }
            asked[i] = new int[] {query};
            evidence[i] = observed;
        }
    }

    private void writeQueries(BayesianNetwork bn) throws IOException {
        NetworkStructure s = bn.structure();
        ObjectMapper json = new ObjectMapper();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < QUERIES; i++) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("query", s.variables().get(asked[i][0]).name());
            Map<String, String> observed = new LinkedHashMap<>();
            for (int v = 0; v < evidence[i].length; v++) {
                if (evidence[i][v] >= 0) {
                    observed.put(s.variables().get(v).name(), s.variables().get(v).states().get(evidence[i][v]));
                }
            }
            line.put("evidence", observed);
            lines.add(json.writeValueAsString(line));
        }
        Path out = Path.of("target", "bn-queries");
        Files.createDirectories(out);
        Files.write(out.resolve(network + ".jsonl"), lines, StandardCharsets.UTF_8);
    }

    @Benchmark
    @OperationsPerInvocation(QUERIES)
    public double query() {
        double sum = 0;
        for (int i = 0; i < QUERIES; i++) {
            sum += inference.query(asked[i], evidence[i]).probability(0);
        }
        return sum;
    }
}
