#!/usr/bin/env python3
"""Reference fits with Dirichlet-process weights, started from given labels.

Regenerate with Debian's python3 and python3-sklearn:
    /usr/bin/python3 core/src/test/resources/sklearn/generate_dp.py > core/src/test/resources/sklearn/full-dp.json

A truncated Dirichlet process is not exchangeable in its components, so two fits agree only from
the same start: each case stores the initial labels (each point's nearest true centre), and
scikit-learn is started from them through its own _initialize(X, resp). Covariance "full",
scikit-learn's default priors, reg_covar 0 (see generate.py).
"""
import json

import numpy as np
import sklearn

from labelled_fit import fit_from_labels


def case(name, seed, d, clusters, k, n_per, spread):
    rng = np.random.default_rng(seed)
    centres = rng.uniform(-spread, spread, size=(clusters, d))
    x = np.vstack([centres[j] + rng.uniform(0.5, 1.5, size=d) * rng.standard_normal((n_per, d))
                   for j in range(clusters)])
    rng.shuffle(x)
    labels = np.argmin(((x[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2), axis=1)
    fit = fit_from_labels(x, labels, k, "full", "dirichlet_process")
    return {
        "name": name, "dimension": d, "k": k, "data": x.ravel().tolist(), "labels": labels.tolist(),
        "converged": bool(fit.converged_), "iterations": int(fit.n_iter_),
        "means": fit.means_.ravel().tolist(), "covariances": fit.covariances_.ravel().tolist(),
        "weights": fit.weights_.tolist(), "degreesOfFreedom": fit.degrees_of_freedom_.tolist(),
        "sticks": [fit.weight_concentration_[0].tolist(), fit.weight_concentration_[1].tolist()],
    }


cases = [case("dp-d1-k3", 21, 1, 3, 3, 150, 8.0), case("dp-d2-k4", 22, 2, 3, 4, 150, 8.0),
         case("dp-d5-k4", 23, 5, 4, 4, 120, 8.0)]
print(json.dumps({"sklearn": sklearn.__version__,
                  "command": "/usr/bin/python3 core/src/test/resources/sklearn/generate_dp.py > core/src/test/resources/sklearn/full-dp.json",
                  "cases": cases}))
