/*
 * cavi_floor.c: the C floor of one CAVI iteration of vistream's one-dimensional known-variance
 * mixture (the lecture's model, docs MATHS.md section 4), for docs/benchmarks/cavi_side_by_side.py.
 *
 * The same maths as vistream's iteration (KnownVarianceLocalStep, then the global step, then the
 * ELBO with every constant, uniform weights 1/K): per observation the K logits
 * l_k = a_k x + b_k with a_k = m_k / sigma^2 and b_k = -(s_k^2 + m_k^2) / (2 sigma^2), their
 * maximum M, Z = sum_k exp(l_k - M), phi_k = exp(l_k - M) / Z, and the sums N_k = sum phi,
 * S_k = sum phi x, Q_k = sum phi x^2 and the entropy sum_i [log Z_i - sum_k phi_ik (l_ik - M_i)];
 * then m_k = (S_k / sigma^2) / (1 / sigma0^2 + N_k / sigma^2), s_k^2 = 1 / (1 / sigma0^2 + N_k / sigma^2)
 * and the ELBO of the new posterior with these statistics.
 *
 * As fast as C on one core makes it: blocks of 256 observations, every loop over observations
 * contiguous and vectorised with OpenMP SIMD, all K exponentials and the logarithm of Z by
 * glibc's vector math library (libmvec: 4 doubles per call with AVX2, 8 with AVX-512). glibc
 * declares those vector variants only under -ffast-math, so the file is built with it; the sums
 * are then reassociated, which moves the ELBO by about 1e-15 relative (the script prints the
 * agreement with vistream's trace). Not part of any build or CI: the side-by-side script compiles
 * it with the machine's gcc when there is one:
 *
 *   gcc -O3 -march=native -ffast-math -fopenmp-simd -o cavi_floor cavi_floor.c -lmvec -lm
 *
 * Usage: cavi_floor DATA K SIGMA0 SIGMA INIT_VARIANCE ITERATIONS MEAN_1,...,MEAN_K
 * DATA holds one number per line. Prints one JSON object: the ELBO after each iteration and the
 * seconds each iteration took.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define BLOCK 256

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + 1e-9 * t.tv_nsec;
}

static double *read_data(const char *path, size_t *n) {
    FILE *f = fopen(path, "r");
    if (!f) {
        perror(path);
        exit(2);
    }
    size_t capacity = 1 << 20, count = 0;
    double *x = malloc(capacity * sizeof *x);
    char line[256];
    while (fgets(line, sizeof line, f)) {
        char *end;
        double v = strtod(line, &end);
        if (end == line) {
            continue; /* blank line or header */
        }
        if (count == capacity) {
            capacity *= 2;
            x = realloc(x, capacity * sizeof *x);
        }
        x[count++] = v;
    }
    fclose(f);
    *n = count;
    return x;
}

/* The local step over all observations: the statistics N, S, Q (K each) and the entropy. */
static double local_step(const double *restrict x, size_t n, int k, const double *restrict a,
                         const double *restrict b, double *restrict counts, double *restrict sums,
                         double *restrict squares, double *restrict terms) {
    double max[BLOCK], z[BLOCK], inverse[BLOCK];
    double log_normalisers = 0.0, weighted_logits = 0.0;
    memset(counts, 0, k * sizeof *counts);
    memset(sums, 0, k * sizeof *sums);
    memset(squares, 0, k * sizeof *squares);
    for (size_t start = 0; start < n; start += BLOCK) {
        const int len = n - start < BLOCK ? (int) (n - start) : BLOCK;
        const double *restrict xs = x + start;
#pragma omp simd
        for (int i = 0; i < len; i++) {
            max[i] = a[0] * xs[i] + b[0];
            z[i] = 0.0;
        }
        for (int j = 1; j < k; j++) {
            const double aj = a[j], bj = b[j];
#pragma omp simd
            for (int i = 0; i < len; i++) {
                double l = aj * xs[i] + bj;
                max[i] = l > max[i] ? l : max[i];
            }
        }
        for (int j = 0; j < k; j++) {
            const double aj = a[j], bj = b[j];
            double *restrict e = terms + (size_t) j * BLOCK;
#pragma omp simd
            for (int i = 0; i < len; i++) {
                double t = exp(aj * xs[i] + bj - max[i]);
                e[i] = t;
                z[i] += t;
            }
        }
        double logs = 0.0;
#pragma omp simd reduction(+ : logs)
        for (int i = 0; i < len; i++) {
            inverse[i] = 1.0 / z[i];
            logs += log(z[i]);
        }
        log_normalisers += logs;
        for (int j = 0; j < k; j++) {
            const double aj = a[j], bj = b[j];
            const double *restrict e = terms + (size_t) j * BLOCK;
            double c = 0.0, s = 0.0, q = 0.0, w = 0.0;
#pragma omp simd reduction(+ : c, s, q, w)
            for (int i = 0; i < len; i++) {
                double phi = e[i] * inverse[i];
                double px = phi * xs[i];
                c += phi;
                s += px;
                q += px * xs[i];
                w += phi * (aj * xs[i] + bj - max[i]);
            }
            counts[j] += c;
            sums[j] += s;
            squares[j] += q;
            weighted_logits += w;
        }
    }
    return log_normalisers - weighted_logits;
}

int main(int argc, char **argv) {
    if (argc != 8) {
        fprintf(stderr, "usage: %s DATA K SIGMA0 SIGMA INIT_VARIANCE ITERATIONS MEAN_1,...,MEAN_K\n", argv[0]);
        return 2;
    }
    size_t n;
    double *x = read_data(argv[1], &n);
    const int k = atoi(argv[2]);
    const double sigma0 = atof(argv[3]), sigma = atof(argv[4]), init_variance = atof(argv[5]);
    const int iterations = atoi(argv[6]);
    const double prior_variance = sigma0 * sigma0, variance = sigma * sigma;
    const double log_2pi = log(2.0 * M_PI);
    double *m = malloc(k * sizeof *m), *s2 = malloc(k * sizeof *s2);
    double *a = malloc(k * sizeof *a), *b = malloc(k * sizeof *b);
    double *counts = malloc(k * sizeof *counts), *sums = malloc(k * sizeof *sums);
    double *squares = malloc(k * sizeof *squares);
    double *terms = malloc((size_t) k * BLOCK * sizeof *terms);
    double *elbo = malloc(iterations * sizeof *elbo), *seconds = malloc(iterations * sizeof *seconds);
    char *means = argv[7];
    for (int j = 0; j < k; j++) {
        m[j] = strtod(means, &means);
        s2[j] = init_variance;
        if (*means == ',') {
            means++;
        }
    }
    for (int t = 0; t < iterations; t++) {
        double started = now();
        for (int j = 0; j < k; j++) {
            a[j] = m[j] / variance;
            b[j] = -(s2[j] + m[j] * m[j]) / (2.0 * variance);
        }
        double entropy = local_step(x, n, k, a, b, counts, sums, squares, terms);
        /* The global step (Blei et al. 2017, the updates after eq. 26). */
        for (int j = 0; j < k; j++) {
            double precision = 1.0 / prior_variance + counts[j] / variance;
            s2[j] = 1.0 / precision;
            m[j] = sums[j] / variance / precision;
        }
        /* The ELBO of MATHS.md section 4 through the statistics, as vistream writes it. */
        double e = entropy - n * log((double) k);
        for (int j = 0; j < k; j++) {
            double second = s2[j] + m[j] * m[j];
            e += -0.5 * (log_2pi + log(prior_variance)) - second / (2.0 * prior_variance)
                 + 0.5 * (log_2pi + 1.0 + log(s2[j]));
            e += -0.5 * counts[j] * (log_2pi + log(variance))
                 - (squares[j] - 2.0 * m[j] * sums[j] + counts[j] * second) / (2.0 * variance);
        }
        elbo[t] = e;
        seconds[t] = now() - started;
    }
    printf("{\"n\":%zu,\"k\":%d,\"elbo\":[", n, k);
    for (int t = 0; t < iterations; t++) {
        printf("%s%.17g", t ? "," : "", elbo[t]);
    }
    printf("],\"seconds\":[");
    for (int t = 0; t < iterations; t++) {
        printf("%s%.9f", t ? "," : "", seconds[t]);
    }
    printf("]}\n");
    return 0;
}
