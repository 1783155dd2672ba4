package vistream.core.mixture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Which local step runs: the vector one exactly when the JVM has the vector module. The build
 * runs core's tests twice, with {@code --add-modules jdk.incubator.vector} and without, and tells
 * each run which path it must find ({@code vistream.test.expectedPath}), so a build whose
 * configuration lost the option fails here rather than testing the scalar path twice.
 */
class LocalStepPathTest {

    private static final String EXPECTED = "vistream.test.expectedPath";

    @Test
    void theSelectedPathIsTheOneThisTestRunWasStartedFor() {
        String expected = System.getProperty(EXPECTED);
        assertNotNull(expected, "the build sets -D" + EXPECTED + " for each test execution");
        assertEquals(LocalStepPath.valueOf(expected.toUpperCase(java.util.Locale.ROOT)), LocalStepPath.selected(),
                LocalStepPath.description());
        boolean module = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        assertEquals(module, LocalStepPath.selected() == LocalStepPath.VECTOR, LocalStepPath.description());
    }

    @Test
    void aNewModelRunsOnTheSelectedPath() {
        KnownVarianceGaussianMixture model = new KnownVarianceGaussianMixture(3, 10, 1);
        assertEquals(LocalStepPath.selected(), model.localStepPath());
        assertEquals(LocalStepPath.selected(), model.withComponents(5).localStepPath(), "withComponents keeps the path");
        LocalStep step = model.localStep(model.initialPosterior(new double[] {0, 1, 2}, 1.0));
        if (LocalStepPath.selected() == LocalStepPath.VECTOR) {
            assertInstanceOf(VectorKnownVarianceLocalStep.class, step);
            assertTrue(LocalStepPath.description().startsWith("local step: vector (jdk.incubator.vector, "),
                    LocalStepPath.description());
        } else {
            assertInstanceOf(KnownVarianceLocalStep.class, step);
            assertTrue(LocalStepPath.description().startsWith("local step: scalar ("), LocalStepPath.description());
        }
        assertInstanceOf(KnownVarianceLocalStep.class,
                model.onPath(LocalStepPath.SCALAR).localStep(model.initialPosterior(new double[] {0, 1, 2}, 1.0)));
    }

    @Test
    void askingForTheVectorPathWithoutTheModuleSaysHowToGetIt() {
        KnownVarianceGaussianMixture model = new KnownVarianceGaussianMixture(3, 10, 1);
        if (LocalStepPath.vectorAvailable()) {
            assertEquals(LocalStepPath.VECTOR, model.onPath(LocalStepPath.VECTOR).localStepPath());
        } else {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> model.onPath(LocalStepPath.VECTOR));
            assertTrue(e.getMessage().contains("--add-modules jdk.incubator.vector"), e.getMessage());
        }
    }
}
