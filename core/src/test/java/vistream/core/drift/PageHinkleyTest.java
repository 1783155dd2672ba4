package vistream.core.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vistream.core.Rejections.assertMessage;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class PageHinkleyTest {

    @Test
    void followsTheDefinitionStepByStep() {
        PageHinkley test = new PageHinkley(0.5, 100, 1);
        double[] y = {1, 3, 2, 6};
        double mean = 0;
        double m = 0;
        double min = 0;
        for (int i = 0; i < y.length; i++) {
            test.add(y[i]);
            mean += (y[i] - mean) / (i + 1);
            m += y[i] - mean - 0.5;
            min = Math.min(min, m);
            assertEquals(m - min, test.statistic(), 1e-15, "statistic after " + (i + 1));
        }
    }

    @Test
    void raisesAnAlarmSoonAfterTheMeanRisesAndNotBefore() {
        SplittableRandom random = new SplittableRandom(4);
        PageHinkley test = new PageHinkley(0.1, 20, 30);
        for (int i = 0; i < 5000; i++) {
            assertFalse(test.add(random.nextDouble() - 0.5), "false alarm at " + i);
        }
        int delay = 0;
        while (!test.add(2.0 + random.nextDouble() - 0.5)) {
            delay++;
        }
        // A rise of 2 with δ = 0.1 adds about 1.9 per step: λ = 20 is crossed in about 11 steps.
        assertTrue(delay <= 12, "delay " + delay);
        assertEquals(0.0, test.statistic(), 0.0, "restarts after an alarm");
    }

    @Test
    void stateRoundTripsExactly() {
        PageHinkley a = new PageHinkley(0.05, 10, 5);
        for (double v : new double[] {0.3, 0.1, 0.7, 0.2}) {
            a.add(v);
        }
        PageHinkley b = new PageHinkley(0.05, 10, 5);
        b.restore(a.state());
        for (double v : new double[] {5, 6, 7}) {
            assertEquals(a.add(v), b.add(v));
            assertEquals(a.state(), b.state());
        }
    }

    @Test
    void aRestoredTestContinuesExactlyAsTheOriginalOnAnyValues() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(11);
        PageHinkley a = new PageHinkley(0.01, 25, 30);
        for (int i = 0; i < 10_000; i++) {
            double v = 3.0 + random.nextGaussian() + (i > 6_000 ? 1.5 : 0.0);
            if (i % 777 == 0) {
                PageHinkley b = new PageHinkley(0.01, 25, 30);
                b.restore(a.state());
                a = b;
            }
            a.add(v);
        }
        PageHinkley unbroken = new PageHinkley(0.01, 25, 30);
        java.util.SplittableRandom again = new java.util.SplittableRandom(11);
        for (int i = 0; i < 10_000; i++) {
            unbroken.add(3.0 + again.nextGaussian() + (i > 6_000 ? 1.5 : 0.0));
        }
        assertEquals(unbroken.state(), a.state());
        assertEquals(unbroken.lastAlarmStatistic(), a.lastAlarmStatistic(), 0.0);
    }

    @Test
    void theRunningMeanIsTheMeanOfTheValuesSinceTheRestart() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(12);
        PageHinkley test = new PageHinkley(0.0, 1e300, 1);
        double sum = 0.0;
        for (int i = 1; i <= 100_000; i++) {
            double v = 5.0 + random.nextDouble();
            sum += v;
            test.add(v);
            assertEquals(sum / i, test.mean(), 1e-12 * (sum / i), "after " + i);
        }
    }

    @Test
    void addingARunIsAddingItsValuesOneByOne() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(13);
        double[] values = new double[20_000];
        for (int i = 0; i < values.length; i++) {
            values[i] = 2.0 + random.nextGaussian() + (i / 2_500 % 2 == 1 ? 2.0 : 0.0);
        }
        PageHinkley one = new PageHinkley(0.05, 20, 30);
        PageHinkley run = new PageHinkley(0.05, 20, 30);
        double[] means = new double[values.length];
        int alarms = 0;
        int from = 0;
        while (from < values.length) {
            int to = Math.min(values.length, from + 1 + random.nextInt(1_500));
            int at = run.addAll(values, from, to, means);
            int last = at < 0 ? to - 1 : at;
            for (int i = from; i <= last; i++) {
                assertEquals(one.mean(), means[i], 0.0, "the mean value " + i + " was compared with");
                boolean alarm = one.add(values[i]);
                assertEquals(i == at, alarm, "alarm at " + i);
                alarms += alarm ? 1 : 0;
            }
            assertEquals(one.state(), run.state());
            assertEquals(one.lastAlarmStatistic(), run.lastAlarmStatistic(), 0.0);
            from = last + 1;
        }
        assertTrue(alarms >= 4, "the level changes raised alarms: " + alarms);
    }

    @Test
    void rejectsAbsurdSettings() {
        assertMessage("Page-Hinkley threshold", () -> new PageHinkley(0.1, 0, 1));
        assertMessage("Page-Hinkley delta", () -> new PageHinkley(-1, 1, 1));
        assertMessage("minimum observations", () -> new PageHinkley(0.1, 1, 0));
    }
}
