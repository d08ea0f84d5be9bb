#!/usr/bin/env python3
"""Reference values for io.esteira.monitoring.statistics, computed independently with NumPy and SciPy.

Run from this folder:  python3 make_reference.py
Writes the samples (one value per line, *.csv) and expected.properties (key=value, full precision).
The Java tests (ReferenceValuesTest) read both; rerunning with the same seed gives the same files.
Checked with NumPy 2.x and SciPy 1.17 (Debian packages python3-numpy, python3-scipy).
"""
import os

import numpy as np
from scipy import stats
from scipy.spatial.distance import jensenshannon

HERE = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(20261206)
EPS = 1e-4  # empty-bin share in the PSI
DECILES = np.arange(1, 10) / 10
expected = {}


def write(name, values, fmt="%.17g"):
    with open(os.path.join(HERE, name + ".csv"), "w") as f:
        for v in values:
            f.write((fmt % v if not isinstance(v, str) else v) + "\n")


def put(key, value):
    if isinstance(value, (list, tuple, np.ndarray)):
        expected[key] = ",".join(repr(float(v)) for v in value)
    else:
        expected[key] = repr(float(value)) if not isinstance(value, (int, np.integer)) else str(int(value))


def psi(p, q):
    p = np.maximum(p, EPS)
    q = np.maximum(q, EPS)
    return float(np.sum((q - p) * np.log(q / p)))


def numeric(name, baseline, current):
    write(name + "_baseline", baseline)
    write(name + "_current", current)
    edges = np.unique(np.quantile(baseline, DECILES))  # linear interpolation (type 7)
    # bins (-inf, e0], (e0, e1], ..., (e_last, +inf): searchsorted 'left' counts the edges strictly below x
    p = np.bincount(np.searchsorted(edges, baseline, side="left"), minlength=len(edges) + 1) / len(baseline)
    q = np.bincount(np.searchsorted(edges, current, side="left"), minlength=len(edges) + 1) / len(current)
    ks = stats.ks_2samp(baseline, current, method="asymp")
    n, m = len(baseline), len(current)
    js = jensenshannon(p, q, base=2)
    w1 = stats.wasserstein_distance(baseline, current)
    put(name + ".rows", n)
    put(name + ".edges", edges)
    put(name + ".baselineShares", p)
    put(name + ".currentShares", q)
    put(name + ".psi", psi(p, q))
    put(name + ".jsDistance", js)
    put(name + ".jsDivergence", js ** 2)
    put(name + ".ks", ks.statistic)
    put(name + ".ksPValue", stats.kstwobign.sf(ks.statistic * np.sqrt(n * m / (n + m))))
    put(name + ".wasserstein", w1)
    put(name + ".baselineStd", np.std(baseline))
    put(name + ".wassersteinNormalised", w1 / np.std(baseline))


def categorical(name, baseline, current, top):
    write(name + "_baseline", baseline, "%s")
    write(name + "_current", current, "%s")
    b_cats, b_counts = np.unique(baseline, return_counts=True)
    order = sorted(range(len(b_cats)), key=lambda i: (-b_counts[i], b_cats[i]))
    kept = [b_cats[i] for i in order[:top]]
    known = set(b_cats)
    labels = kept + ["<other>", "<unseen>"]

    def bin_of(c):
        return c if c in kept else ("<other>" if c in known else "<unseen>")

    b = np.array([sum(1 for c in baseline if bin_of(c) == l) for l in labels], dtype=float)
    c = np.array([sum(1 for x in current if bin_of(x) == l) for l in labels], dtype=float)
    p, q = b / b.sum(), c / c.sum()
    table = np.vstack([b, c])
    table = table[:, table.sum(axis=0) > 0]
    chi2, pvalue, dof, _ = stats.chi2_contingency(table, correction=False)
    js = jensenshannon(p, q, base=2)
    put(name + ".top", top)
    expected[name + ".labels"] = ",".join(labels)
    put(name + ".baselineCounts", b)
    put(name + ".currentCounts", c)
    put(name + ".psi", psi(p, q))
    put(name + ".jsDistance", js)
    put(name + ".jsDivergence", js ** 2)
    put(name + ".chiSquare", chi2)
    put(name + ".chiSquareDof", int(dof))
    put(name + ".chiSquarePValue", pvalue)


# numeric: a shift of location and scale
numeric("numeric_shift", rng.normal(0, 1, 5000), rng.normal(0.3, 1.2, 2000))
# numeric: the same distribution
numeric("numeric_same", rng.normal(10, 3, 4000), rng.normal(10, 3, 3000))
# numeric: counts with many ties (coinciding decile edges, ties in KS and Wasserstein)
numeric("numeric_ties", rng.poisson(3, 3000).astype(float), rng.poisson(3.6, 1000).astype(float))
# numeric: a window squeezed into the middle (empty bins: the epsilon matters)
numeric("numeric_empty_bins", rng.lognormal(0, 1, 5000), rng.normal(1.0, 0.05, 800))

# categorical: twelve merchant categories, top 8 kept; the window shifts the mix and brings two new ones
cats = np.array(["grocery", "fuel", "travel", "restaurants", "online", "pharmacy", "electronics", "clothing",
                 "hotels", "gaming", "charity", "jewellery"])
pb = np.array([30, 20, 12, 10, 9, 6, 4, 3, 2.5, 1.5, 1, 1]); pb /= pb.sum()
pc = np.array([22, 18, 10, 10, 16, 6, 6, 3, 2, 3, 1, 0], dtype=float); pc /= pc.sum()
base = list(rng.choice(cats, 6000, p=pb))
cur = list(rng.choice(cats, 900, p=pc)) + ["crypto"] * 25 + ["lottery"] * 8
rng.shuffle(cur)
categorical("categorical_shift", base, cur, 8)
# categorical: a small window (chi-square's domain)
categorical("categorical_small", list(rng.choice(cats[:5], 400, p=pb[:5] / pb[:5].sum())),
            list(rng.choice(cats[:5], 60, p=pc[:5] / pc[:5].sum())), 10)

# classification: scores rounded to 2 decimals (ties), threshold 0.5
x = rng.normal(0, 1, 3000)
truth = rng.random(3000) < 1 / (1 + np.exp(-(1.5 * x - 1)))
scores = np.round(1 / (1 + np.exp(-(1.3 * x - 0.8 + rng.normal(0, 0.5, 3000)))), 2)
write("classification_scores", scores)
write("classification_labels", truth.astype(int), "%d")
pos, neg = scores[truth], scores[~truth]
put("classification.threshold", 0.5)
put("classification.auc", stats.mannwhitneyu(pos, neg).statistic / (len(pos) * len(neg)))
put("classification.ks", stats.ks_2samp(neg, pos).statistic)
pred = scores >= 0.5
tp = np.sum(pred & truth); fp = np.sum(pred & ~truth); fn = np.sum(~pred & truth)
put("classification.precision", tp / (tp + fp))
put("classification.recall", tp / (tp + fn))
put("classification.f1", 2 * tp / (2 * tp + fp + fn))
put("classification.brier", np.mean((scores - truth) ** 2))
groups = np.array_split(np.argsort(scores, kind="stable"), 10)
put("classification.calibrationRows", [len(g) for g in groups])
put("classification.calibrationMeanScore", [scores[g].mean() for g in groups])
put("classification.calibrationObservedRate", [truth[g].mean() for g in groups])

# regression: some actual values are 0 (left out of MAPE)
actual = np.round(rng.gamma(2, 50, 1000), 1)
actual[rng.choice(1000, 40, replace=False)] = 0
predicted = actual + rng.normal(0, 15, 1000)
write("regression_actual", actual)
write("regression_predicted", predicted)
err = actual - predicted
nz = actual != 0
put("regression.mae", np.mean(np.abs(err)))
put("regression.rmse", np.sqrt(np.mean(err ** 2)))
put("regression.mape", np.mean(np.abs(err[nz]) / np.abs(actual[nz])))
put("regression.zeroActuals", int(np.sum(~nz)))

# estimated performance (CBPE): calibrated probabilities rounded to 3 decimals (ties), threshold 0.4
proba = np.round(rng.beta(2, 4, 2000), 3)
write("estimate_probabilities", proba)
t = 0.4
hi = proba >= t
etp, efp = proba[hi].sum(), (1 - proba[hi]).sum()
efn, etn = proba[~hi].sum(), (1 - proba[~hi]).sum()
put("estimate.threshold", t)
put("estimate.truePositives", etp)
put("estimate.falsePositives", efp)
put("estimate.falseNegatives", efn)
put("estimate.trueNegatives", etn)
put("estimate.accuracy", (etp + etn) / len(proba))
put("estimate.precision", etp / (etp + efp))
put("estimate.recall", etp / (etp + efn))
put("estimate.f1", 2 * etp / (2 * etp + efp + efn))
# NannyML's expected ROC AUC: descending probabilities, cumulative expected TP/FP at each distinct value, trapezoids
desc = np.sort(proba)[::-1]
last_of_value = np.r_[np.where(np.diff(desc) != 0)[0], len(desc) - 1]
tps = np.cumsum(desc)[last_of_value]
fps = np.cumsum(1 - desc)[last_of_value]
tpr = np.r_[0, tps / tps[-1]]
fpr = np.r_[0, fps / fps[-1]]
put("estimate.rocAuc", np.trapezoid(tpr, fpr))

with open(os.path.join(HERE, "expected.properties"), "w") as f:
    f.write("# made by make_reference.py with NumPy %s and SciPy %s; do not edit by hand\n"
            % (np.__version__, __import__("scipy").__version__))
    for k in sorted(expected):
        f.write("%s=%s\n" % (k, expected[k]))
