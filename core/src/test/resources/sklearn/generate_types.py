#!/usr/bin/env python3
"""Reference fits for the diagonal and spherical covariance types, with both weight priors.

Regenerate with Debian's python3 and python3-sklearn:
    /usr/bin/python3 core/src/test/resources/sklearn/generate_types.py > core/src/test/resources/sklearn/types.json

Every case starts from given labels (each point's nearest true centre) through scikit-learn's own
_initialize(X, resp) and runs all 20,000 iterations (tol 0), so both implementations reach the
fixed point to machine precision, component by component in the same order. Priors are
scikit-learn's defaults; reg_covar is 0 (see generate.py).
"""
import json

import numpy as np
import sklearn

from labelled_fit import fit_from_labels


def case(seed, covariance, weights, d, clusters, k, n_per):
    rng = np.random.default_rng(seed)
    centres = rng.uniform(-8, 8, size=(clusters, d))
    x = np.vstack([centres[j] + rng.uniform(0.5, 1.5, size=d) * rng.standard_normal((n_per, d))
                   for j in range(clusters)])
    rng.shuffle(x)
    labels = np.argmin(((x[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2), axis=1)
    fit = fit_from_labels(x, labels, k, covariance, weights)
    return {
        "name": covariance + "-" + ("dp" if weights == "dirichlet_process" else "dirichlet") + "-d" + str(d),
        "covarianceType": covariance, "weightPrior": weights, "dimension": d, "k": k,
        "data": x.ravel().tolist(), "labels": labels.tolist(), "iterations": int(fit.n_iter_),
        "means": fit.means_.ravel().tolist(), "covariances": np.ravel(fit.covariances_).tolist(),
        "weights": fit.weights_.tolist(), "degreesOfFreedom": fit.degrees_of_freedom_.tolist(),
    }


cases = []
seed = 30
for covariance in ("diag", "spherical"):
    for weights in ("dirichlet_distribution", "dirichlet_process"):
        for d, clusters, k in ((1, 3, 3), (2, 3, 4), (5, 3, 3)):
            seed += 1
            cases.append(case(seed, covariance, weights, d, clusters, k, 100))
print(json.dumps({"sklearn": sklearn.__version__,
                  "command": "/usr/bin/python3 core/src/test/resources/sklearn/generate_types.py > core/src/test/resources/sklearn/types.json",
                  "cases": cases}))
