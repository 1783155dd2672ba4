#!/usr/bin/env python3
"""Reference fits from scikit-learn's BayesianGaussianMixture for vistream's agreement tests.

Regenerate with Debian's python3 and python3-sklearn (deterministic for a given scikit-learn):
    /usr/bin/python3 core/src/test/resources/sklearn/generate.py > core/src/test/resources/sklearn/full-dirichlet.json

each case is a well-separated data set, fitted (all 20,000 iterations, tol 0, so to machine precision) with covariance_type="full", a Dirichlet weight
prior and scikit-learn's own data-dependent prior defaults (which vistream's
GaussianWishartPrior.defaults mirrors), run to a tight tolerance. reg_covar is 0 because
scikit-learn adds it to each component's scatter, which makes its M-step differ from the exact
coordinate update; with it off both implement the same fixed-point equations.
"""
import json
import warnings

import numpy as np
import sklearn
from sklearn.exceptions import ConvergenceWarning
from sklearn.mixture import BayesianGaussianMixture


def case(name, seed, d, k, n_per, spread):
    rng = np.random.default_rng(seed)
    centres = rng.uniform(-spread, spread, size=(k, d))
    scales = rng.uniform(0.5, 1.5, size=(k, d))
    x = np.vstack([centres[j] + scales[j] * rng.standard_normal((n_per, d)) for j in range(k)])
    rng.shuffle(x)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        fit = BayesianGaussianMixture(n_components=k, covariance_type="full",
                                      weight_concentration_prior_type="dirichlet_distribution",
                                      reg_covar=0.0, tol=0.0, max_iter=20000, n_init=3,
                                      init_params="kmeans", random_state=seed).fit(x)
    return {
        "name": name, "dimension": d, "k": k, "data": x.ravel().tolist(),
        "converged": bool(fit.converged_), "iterations": int(fit.n_iter_),
        "means": fit.means_.ravel().tolist(),
        "covariances": fit.covariances_.ravel().tolist(),
        "weights": fit.weights_.tolist(),
        "weightConcentration": fit.weight_concentration_.tolist(),
        "meanPrecision": fit.mean_precision_.tolist(),
        "degreesOfFreedom": fit.degrees_of_freedom_.tolist(),
    }


cases = [case("d1-k3", 11, 1, 3, 150, 8.0), case("d2-k3", 12, 2, 3, 150, 8.0), case("d5-k4", 13, 5, 4, 120, 8.0)]
print(json.dumps({"sklearn": sklearn.__version__, "command": "/usr/bin/python3 core/src/test/resources/sklearn/generate.py > core/src/test/resources/sklearn/full-dirichlet.json",
                  "cases": cases}))
