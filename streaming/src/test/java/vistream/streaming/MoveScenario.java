package vistream.streaming;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.LongFunction;

import reactor.core.publisher.Flux;
import reactor.test.scheduler.VirtualTimeScheduler;

import vistream.core.inference.UpdateRule;
import vistream.core.mixture.ConjugateMixture;
import vistream.core.mixture.CovarianceType;
import vistream.core.mixture.GaussianWishartMixture;
import vistream.core.mixture.GaussianWishartPrior;
import vistream.core.mixture.KnownVarianceGaussianMixture;
import vistream.core.mixture.WeightFactor;
import vistream.core.mixture.WeightPrior;

/**
 * Streams of clusters that come and go, for the lecture's known-variance model (one dimension,
 * σ = 1 known), the spherical model (one dimension) and the full-covariance model (two
 * dimensions). Every stream has unit-variance clusters chosen uniformly and is fitted with the
 * service's rule, a constant step of 0.05 over batches of {@value #BATCH} (a memory of about
 * 10,000 observations), Dirichlet weights and default moves. {@link MovesStreamTest} asserts what
 * they must show; {@code MoveLatencyBenchmark} measures them.
 */
public enum MoveScenario {

    /** A fourth cluster appears far from the three. */
    BIRTH(60_000, 3, 30_000) {
        @Override
        double[][] centres(int d, long i) {
            return i < CHANGE ? three(d) : after(d);
        }

        @Override
        public double[][] after(int d) {
            return append(three(d), d == 1 ? new double[] {20} : new double[] {0, -10});
        }
    },
    /** A fourth cluster appears 3.5 sd from a living one. */
    NEAR_BIRTH(90_000, 3, 30_000) {
        @Override
        double[][] centres(int d, long i) {
            return i < CHANGE ? three(d) : after(d);
        }

        @Override
        public double[][] after(int d) {
            return append(three(d), d == 1 ? new double[] {3.5} : new double[] {0, 11.5});
        }
    },
    /** The middle cluster jumps 4 sd. */
    JUMP(60_000, 3, 30_000) {
        @Override
        double[][] centres(int d, long i) {
            return i < CHANGE ? three(d) : after(d);
        }

        @Override
        public double[][] after(int d) {
            double[][] jumped = three(d);
            jumped[1] = d == 1 ? new double[] {4} : new double[] {0, 12};
            return jumped;
        }
    },
    /** The third cluster stops. */
    DEATH(60_000, 3, 30_000) {
        @Override
        double[][] centres(int d, long i) {
            return i < CHANGE ? three(d) : after(d);
        }

        @Override
        public double[][] after(int d) {
            return Arrays.copyOf(three(d), 2);
        }
    },
    /** The third cluster stops after a long quiet time, when rounds have backed off. */
    LATE_DEATH(420_000, 3, 400_000) {
        @Override
        double[][] centres(int d, long i) {
            return i < 400_000 ? three(d) : after(d);
        }

        @Override
        public double[][] after(int d) {
            return Arrays.copyOf(three(d), 2);
        }
    },
    /** Three clusters, started with two components on the first. */
    DUPLICATE(30_000, 4, 0) {
        @Override
        double[][] centres(int d, long i) {
            return three(d);
        }

        @Override
        public double[][] after(int d) {
            return three(d);
        }

        @Override
        public double[] initialMeans(int d) {
            return d == 1 ? new double[] {-8.4, -7.6, 0, 8} : new double[] {-8.4, 0, -7.6, 0, 0, 8, 8, 0};
        }
    },
    /** Seven clusters 8 sd apart in a row, started with five components. */
    SEVEN(40_000, 5, 0) {
        @Override
        double[][] centres(int d, long i) {
            return after(d);
        }

        @Override
        public double[][] after(int d) {
            double[][] seven = new double[7][d];
            for (int c = 0; c < 7; c++) {
                seven[c][0] = 8.0 * c;
            }
            return seven;
        }
    },
    /** Three clusters that never change. */
    STATIONARY(100_000, 3, 0) {
        @Override
        double[][] centres(int d, long i) {
            return three(d);
        }

        @Override
        public double[][] after(int d) {
            return three(d);
        }
    };

    /** Observations per batch. */
    public static final int BATCH = 500;
    /** Where most changing scenarios change. */
    public static final int CHANGE = 30_000;
    /** The models, by the names the command line gives them. */
    public static final List<String> MODELS = List.of("known-variance", "spherical", "full");

    private final int observations;
    private final int components;
    private final long change;

    MoveScenario(int observations, int components, long change) {
        this.observations = observations;
        this.components = components;
        this.change = change;
    }

    /** The centres observation {@code i} is drawn around. */
    abstract double[][] centres(int d, long i);

    /**
     * Returns the centres after the change (or throughout, if the scenario has none).
     *
     * @param d the dimension
     * @return the centres, one row each
     */
    public abstract double[][] after(int d);

    /**
     * Returns the given starting means, K × D, or null for the stream's own start.
     *
     * @param d the dimension
     * @return the means or null
     */
    public double[] initialMeans(int d) {
        return null;
    }

    /** @return the observation count at which the clusters change, 0 if they start as they stay */
    public long change() {
        return change;
    }

    /**
     * Streams the scenario through {@link VariationalStream} with a snapshot per batch.
     *
     * @param kind one of {@link #MODELS}
     * @return the run
     */
    public Run run(String kind) {
        int d = dimension(kind);
        List<double[]> data = stream(7, observations, d, i -> centres(d, i));
        return new Run(kind, snapshots(model(kind, components, data, d), data, options(initialMeans(d), 1)));
    }

    /** Three clusters 8 sd apart. */
    static double[][] three(int d) {
        return d == 1 ? new double[][] {{-8}, {0}, {8}} : new double[][] {{-8, 0}, {0, 8}, {8, 0}};
    }

    /** Two dimensions for the full model, one for the others. */
    static int dimension(String kind) {
        return kind.equals("full") ? 2 : 1;
    }

    /** The stream options of every scenario, with a virtual clock (snapshots' times are 0). */
    static StreamOptions options(double[] initialMeans, int workers) {
        StreamOptions.Builder b = StreamOptions.builder().batchSize(BATCH).updateRule(new UpdateRule.ConstantStep(0.05, 5000))
                .moves(StreamMoves.defaults(20)).workers(workers).timer(VirtualTimeScheduler.create());
        if (initialMeans != null) {
            b.initialMeans(initialMeans);
        }
        return b.build();
    }

    static List<PosteriorSnapshot> snapshots(ConjugateMixture model, List<double[]> data, StreamOptions options) {
        return Flux.fromIterable(data).transform(VariationalStream.of(model, options)).collectList().block();
    }

    /**
     * Dirichlet weights with α0 = 1/K. The Gaussian–Wishart prior is centred on the first 1,000
     * observations' mean with β0 = 1, and says what the known-variance model knows: clusters of
     * unit variance, W0⁻¹ = I, ν0 = D (E[Λ]⁻¹ = I), held as lightly as one observation. (The
     * data-covariance default of scikit-learn makes given starting means, as in the duplicate
     * scenario, as wide as all the data.)
     */
    static ConjugateMixture model(String kind, int k, List<double[]> data, int d) {
        if (kind.equals("known-variance")) {
            return new KnownVarianceGaussianMixture(k, 20.0, 1.0, new WeightFactor.Dirichlet(1.0 / k));
        }
        double[] mean = new double[d];
        for (int i = 0; i < 1000; i++) {
            for (int a = 0; a < d; a++) {
                mean[a] += data.get(i)[a] / 1000;
            }
        }
        double[] identity = new double[d * d];
        for (int a = 0; a < d; a++) {
            identity[a * d + a] = 1.0;
        }
        return new GaussianWishartMixture(k, new GaussianWishartPrior(1.0 / k, mean, 1.0, identity, d),
                WeightPrior.DIRICHLET, kind.equals("full") ? CovarianceType.FULL : CovarianceType.SPHERICAL);
    }

    /** n observations; observation i from a centre of {@code centresAt.apply(i)} chosen uniformly, plus N(0, I). */
    static List<double[]> stream(long seed, int n, int d, LongFunction<double[][]> centresAt) {
        SplittableRandom random = new SplittableRandom(seed);
        List<double[]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double[][] c = centresAt.apply(i);
            double[] centre = c[random.nextInt(c.length)];
            double[] x = new double[d];
            for (int a = 0; a < d; a++) {
                x[a] = centre[a] + Synthetic.gaussian(random);
            }
            out.add(x);
        }
        return out;
    }

    private static double[][] append(double[][] centres, double[] extra) {
        double[][] out = Arrays.copyOf(centres, centres.length + 1);
        out[centres.length] = extra;
        return out;
    }

    /** The position of the component of {@code s} nearest to {@code x}. */
    static int nearest(PosteriorSnapshot s, double[] x) {
        int d = s.dimension();
        int best = -1;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (int c = 0; c < s.clusters(); c++) {
            double sum = 0;
            for (int a = 0; a < d; a++) {
                double diff = s.means()[c * d + a] - x[a];
                sum += diff * diff;
            }
            if (sum < bestDistance) {
                bestDistance = sum;
                best = c;
            }
        }
        return best;
    }

    /** As many components as centres, and one within {@code tolerance} of each centre. */
    static boolean matches(PosteriorSnapshot s, double[][] centres, double tolerance) {
        if (s.clusters() != centres.length) {
            return false;
        }
        int d = s.dimension();
        for (double[] centre : centres) {
            int c = nearest(s, centre);
            double sum = 0;
            for (int a = 0; a < d; a++) {
                double diff = s.means()[c * d + a] - centre[a];
                sum += diff * diff;
            }
            if (Math.sqrt(sum) > tolerance) {
                return false;
            }
        }
        return true;
    }

    /**
     * A finished run: its snapshots, one per batch.
     *
     * @param kind      the model
     * @param snapshots the snapshots
     */
    public record Run(String kind, List<PosteriorSnapshot> snapshots) {

        /** @return the last snapshot */
        public PosteriorSnapshot last() {
            return snapshots.get(snapshots.size() - 1);
        }

        PosteriorSnapshot at(long position) {
            return snapshots.stream().filter(s -> s.observations() == position).findFirst().orElseThrow();
        }

        List<Long> idsAtEnd() {
            return Arrays.stream(last().ids()).boxed().toList();
        }

        /**
         * Returns the events after a position.
         *
         * @param position an observation count
         * @return the events of every snapshot that came after it
         */
        public List<DriftEvent> eventsAfter(long position) {
            List<DriftEvent> out = new ArrayList<>();
            for (PosteriorSnapshot s : snapshots) {
                for (DriftEvent e : s.driftEvents()) {
                    if (e.observations() > position) {
                        out.add(e);
                    }
                }
            }
            return out;
        }

        List<String> kindsAfter(long position) {
            return eventsAfter(position).stream().map(DriftEvent::kind).toList();
        }

        long episodes() {
            return eventsAfter(0).stream().mapToLong(DriftEvent::episode).max().orElse(0);
        }

        /**
         * Returns the observations after {@code from} until the structure matched {@code centres} for
         * good (every snapshot from then on), or {@link Long#MAX_VALUE} if the last one does not.
         *
         * @param from      an observation count
         * @param centres   the true centres
         * @param tolerance how far a component's mean may be from its centre
         * @return the observations
         */
        public long settledAfter(long from, double[][] centres, double tolerance) {
            long since = Long.MAX_VALUE;
            for (PosteriorSnapshot s : snapshots) {
                if (!matches(s, centres, tolerance)) {
                    since = Long.MAX_VALUE;
                } else if (since == Long.MAX_VALUE) {
                    since = s.observations();
                }
            }
            return since == Long.MAX_VALUE ? since : since - from;
        }
    }
}
