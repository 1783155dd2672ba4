package vistream.app.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import vistream.app.Main;

/**
 * The {@code stream} command end to end, in-process: a text file of 2,000,000 observations
 * (17 significant digits, K = 10 clusters 3 apart) read, parsed, streamed through SVI in batches
 * of 1,000 and printed as one NDJSON snapshot per batch (to a sink that discards it). The score
 * is observations per second, with 1 and 2 workers, with the command's default Dirichlet weights
 * (moves on) and with the lecture's uniform ones (no moves: the model of the in-memory
 * {@code StreamThroughputBenchmark}'s {@code variant=uniform}). {@code every} is the command's
 * {@code --every}: 0 prints a snapshot per batch, 10000 one per ten batches (the printing's share).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(1)
public class StreamCommandBenchmark {

    private static final int OBSERVATIONS = 2_000_000;

    @Param({"1", "2"})
    int workers;

    @Param({"dirichlet", "uniform"})
    String weights;

    @Param({"0"})
    String every;

    private Path file;
    private final PrintStream discard = new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8);

    @Setup(Level.Trial)
    public void writeFile() throws IOException {
        file = Files.createTempFile("vistream-bench", ".txt");
        SplittableRandom random = new SplittableRandom(1);
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < OBSERVATIONS; i++) {
                double u = 1.0 - random.nextDouble();
                double x = 3.0 * random.nextInt(10) + Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
                w.write(String.format(Locale.ROOT, "%.17g%n", x));
            }
        }
    }

    @TearDown(Level.Trial)
    public void deleteFile() throws IOException {
        Files.deleteIfExists(file);
    }

    @Benchmark
    @OperationsPerInvocation(OBSERVATIONS)
    public int stream() {
        int code = Main.run(new String[] {"stream", "--data", file.toString(), "--k", "10", "--sigma0", "30", "--sigma", "1",
                "--update", "svi", "--size", "10000000", "--batch-size", "1000", "--workers", Integer.toString(workers),
                "--init-means", "0,3,6,9,12,15,18,21,24,27", "--weights", weights, "--every", every}, discard, discard);
        if (code != 0) {
            throw new IllegalStateException("stream exited with " + code);
        }
        return code;
    }
}
