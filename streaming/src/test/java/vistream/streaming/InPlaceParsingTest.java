package vistream.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.scheduler.VirtualTimeScheduler;

import vistream.core.inference.UpdateRule;
import vistream.core.mixture.KnownVarianceGaussianMixture;

/**
 * A parser that parses in place gives the stream of the same parser returning a new array per
 * input: the same snapshots, the same refusals at the same positions, on one worker and on two.
 */
class InPlaceParsingTest {

    private final KnownVarianceGaussianMixture model = new KnownVarianceGaussianMixture(3, 10.0, 1.0);

    @Test
    void inPlaceParsingGivesTheStreamOfParsing() {
        List<String> texts = new ArrayList<>();
        for (double[] x : Synthetic.stationary(4, 5000, 1.0, -5, 0, 5)) {
            texts.add(Double.toString(x[0]));
        }
        texts.add(17, "abc");
        texts.add(1234, "1e60");
        texts.add(4000, "NaN");
        ObservationParser<String> fresh = text -> {
            if (text.equals("abc")) {
                throw new RejectedInputException(InvalidObservation.Reason.MALFORMED, "'abc' is not a number");
            }
            return new double[] {Double.parseDouble(text)};
        };
        InPlaceObservationParser<String> inPlace = new InPlaceObservationParser<>() {
            @Override
            public double[] parse(String input) {
                throw new AssertionError("the stream parses in place");
            }

            @Override
            public void parseInto(String input, double[] into) {
                double[] x = fresh.parse(input);
                System.arraycopy(x, 0, into, 0, into.length);
            }
        };
        for (int workers : new int[] {1, 2}) {
            List<InvalidObservation> refusedFresh = new ArrayList<>();
            List<InvalidObservation> refusedInPlace = new ArrayList<>();
            // A virtual clock: each snapshot's time is then the same in both runs.
            StreamOptions.Builder options = StreamOptions.builder().batchSize(100).workers(workers)
                    .timer(VirtualTimeScheduler.create())
                    .updateRule(new UpdateRule.Svi(5000, 0.7, 2)).seed(3);
            List<PosteriorSnapshot> expected = Flux.fromIterable(texts)
                    .transform(VariationalStream.of(model, options.onInvalid(refusedFresh::add).build()).parsing(fresh))
                    .collectList().block();
            List<PosteriorSnapshot> actual = Flux.fromIterable(texts)
                    .transform(VariationalStream.of(model, options.onInvalid(refusedInPlace::add).build()).parsing(inPlace))
                    .collectList().block();
            assertEquals(expected, actual, workers + " workers");
            assertEquals(refusedFresh, refusedInPlace, workers + " workers");
            assertEquals(List.of(17L, 1234L, 4000L), refusedInPlace.stream().map(InvalidObservation::index).toList());
            assertEquals("[1.0E60]", refusedInPlace.get(1).content(), "the refused row as it was parsed");
            assertTrue(expected.size() >= 50, "a snapshot per batch");
        }
    }
}
