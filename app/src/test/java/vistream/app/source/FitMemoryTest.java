package vistream.app.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vistream.core.inference.Cavi;
import vistream.core.inference.CaviOptions;
import vistream.core.inference.CaviResult;
import vistream.core.inference.Initialisation;
import vistream.core.inference.IterationListener;
import vistream.core.mixture.KnownVarianceGaussianMixture;

/**
 * {@code fit} reads 10⁷ numbers (80 MB of doubles) within a heap of 120 MB, in a child JVM, and
 * fits them exactly as it fits the same file read the way it was read before (a char reader, a
 * {@code Line} per line, an array grown by doubling), which needed more than 300 MB. The bound is
 * the child's {@code -Xmx}: the test fails with its {@code OutOfMemoryError} if the reader holds
 * more, whatever the machine's speed.
 */
class FitMemoryTest {

    private static final int NUMBERS = 10_000_000;
    private static final String HEAP = "-Xmx120m";
    private static final String[] FIT = {"fit", "--k", "3", "--sigma0", "10", "--sigma", "1", "--init-means", "0,3,6",
            "--max-iter", "3", "--tol", "0"};

    @TempDir
    Path dir;

    @Test
    void fitReadsTenMillionNumbersIn120MegabytesAndFitsThemAsBefore() throws Exception {
        Path file = dir.resolve("ten-million.txt");
        double[] written = write(file);

        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                HEAP, "-cp", System.getProperty("java.class.path"), "vistream.app.Main"));
        command.addAll(List.of(FIT));
        command.addAll(List.of("--data", file.toString()));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output;
        try (InputStream out = child.getInputStream()) {
            output = new String(out.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!child.waitFor(120, TimeUnit.SECONDS)) {
            child.destroyForcibly();
        }
        assertEquals(0, child.exitValue(), "fit in " + HEAP + ": " + output);

        double[] before = readTheOldWay(file);
        assertArrayEquals(written, before, "the file holds what was written, read the old way");
        KnownVarianceGaussianMixture model = new KnownVarianceGaussianMixture(3, 10.0, 1.0);
        CaviResult expected = Cavi.fit(model, before, new Initialisation.GivenMeans(new double[] {0, 3, 6}, 1.0),
                new CaviOptions(3, 0.0), IterationListener.NONE);
        JsonNode fit = new ObjectMapper().readTree(output);
        assertEquals(NUMBERS, fit.get("n").asInt());
        assertEquals(expected.iterations(), fit.get("iterations").asInt());
        assertBits(expected.elbo(), fit.get("elbo"), "elbo");
        assertBits(model.means(expected.posterior()), fit.get("means"), "means");
        assertBits(model.variances(expected.posterior()), fit.get("variances"), "variances");
        assertBits(expected.weights(), fit.get("weights"), "weights");
    }

    /** Writes 10⁷ draws from three unit clusters, each in its shortest exact form, and returns them. */
    private static double[] write(Path file) throws IOException {
        SplittableRandom random = new SplittableRandom(10);
        double[] values = new double[NUMBERS];
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            out.write("x\n");
            for (int i = 0; i < NUMBERS; i++) {
                values[i] = 3.0 * random.nextInt(3) + random.nextGaussian();
                out.write(Double.toString(values[i]));
                out.write('\n');
            }
        }
        return values;
    }

    /** The numbers as {@code NumberFile} read them before it read in place: chars, a {@code Line} each, doubling. */
    private static double[] readTheOldWay(Path file) throws IOException {
        LineParser parser = new LineParser(1);
        try (ReferenceContentLines lines = new ReferenceContentLines(file.toString(), Files.newInputStream(file))) {
            double[] values = new double[1024];
            int n = 0;
            for (Line line = lines.next(false); line != null; line = lines.next(false)) {
                if (n == values.length) {
                    values = Arrays.copyOf(values, n * 2);
                }
                values[n++] = parser.parse(line)[0];
            }
            return Arrays.copyOf(values, n);
        }
    }

    /** The JSON numbers are the expected doubles, bit for bit (the output writes each in its shortest exact form). */
    private static void assertBits(double[] expected, JsonNode actual, String what) {
        assertEquals(expected.length, actual.size(), what);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Double.doubleToLongBits(expected[i]), Double.doubleToLongBits(actual.get(i).doubleValue()),
                    what + "[" + i + "]");
        }
    }
}
