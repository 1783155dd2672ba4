package vistream.app.source;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The input path alone, per line: the text of {@code StreamCommandBenchmark}'s file (2²⁰ lines of
 * 17 significant digits, K = 10 clusters 3 apart) read from memory, so that the disk and the model
 * are out of it. {@code inPlace} is what {@code stream} and {@code fit} now do (bytes, a reused
 * line, parsed into a reused row); {@code lines} is the path they took before (chars, a
 * {@code Line}, a {@code String} and a {@code double[]} per line); {@code count} is {@code fit}'s
 * first pass, which only finds the content lines. In this package because the reader it measures
 * is package-private.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class InputPathBenchmark {

    private static final int LINES = 1 << 20;

    private byte[] text;

    @Setup(Level.Trial)
    public void writeText() {
        SplittableRandom random = new SplittableRandom(1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < LINES; i++) {
            double u = 1.0 - random.nextDouble();
            double x = 3.0 * random.nextInt(10) + Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
            out.writeBytes(String.format(Locale.ROOT, "%.17g%n", x).getBytes(StandardCharsets.US_ASCII));
        }
        text = out.toByteArray();
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public double inPlace() {
        RawLineParser parser = new LineParser(1).inPlace();
        ContentLines lines = new ContentLines("bench", new ByteArrayInputStream(text));
        double[] row = new double[1];
        double sum = 0;
        for (RawLine line = lines.nextRaw(false); line != null; line = lines.nextRaw(false)) {
            parser.parseInto(line, row);
            sum += row[0];
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public double lines() {
        LineParser parser = new LineParser(1);
        ReferenceContentLines lines = new ReferenceContentLines("bench", new ByteArrayInputStream(text));
        double sum = 0;
        for (Line line = lines.next(false); line != null; line = lines.next(false)) {
            sum += parser.parse(line)[0];
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public long count() {
        ContentLines lines = new ContentLines("bench", new ByteArrayInputStream(text));
        long n = 0;
        while (lines.nextRaw(false) != null) {
            n++;
        }
        return n;
    }
}
