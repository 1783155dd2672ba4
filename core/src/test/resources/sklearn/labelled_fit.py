"""Fits a scikit-learn BayesianGaussianMixture started from given labels, to machine precision.

Shared by generate_dp.py and generate_types.py. scikit-learn is started from the labels through its
own _initialize(X, resp) (one M-step from hard responsibilities) and runs all 20,000 iterations
(tol 0), with reg_covar 0 (see generate.py).
"""
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.mixture import BayesianGaussianMixture


def fit_from_labels(x, labels, k, covariance, weights):
    fit = BayesianGaussianMixture(n_components=k, covariance_type=covariance,
                                  weight_concentration_prior_type=weights,
                                  reg_covar=0.0, tol=0.0, max_iter=20000, n_init=1)

    def from_labels(data, random_state):
        resp = np.zeros((len(data), k))
        resp[np.arange(len(data)), labels] = 1.0
        fit._initialize(data, resp)

    fit._initialize_parameters = from_labels
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        fit.fit(x)
    return fit
