"""Reference numbers for the report's statistics, from statsmodels and scipy.

Run in the bench venv (scripts/bench-venv.sh):
    ~/.cache/finetune/bench-venv/bin/python scripts/parity/report_statistics.py \
        > Tests/ReportsTests/Fixtures/statistics-reference.json

- holm: statsmodels.stats.multitest.multipletests(p, method="holm") adjusted p-values;
- paired_intervals: scipy.stats.ttest_rel(a, b).confidence_interval(0.95) and its p-value;
- nct_cdf: scipy.stats.nct.cdf(t, df, nc);
- power: statsmodels.stats.power.TTestPower().power(effect, nobs, alpha, two-sided);
- seeds: the smallest integer n with that power >= 0.8 (statsmodels' solve_power, rounded up).

Not named statistics.py: a script's folder comes first on sys.path, and that name would
shadow the standard library module every other script here imports through torch.
"""
import json
import math

import numpy as np
import scipy
import statsmodels
from scipy import stats
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.power import TTestPower

rng = np.random.default_rng(20261207)

holm = []
for p in [[0.01, 0.04, 0.03, 0.005], [0.049], [0.2, 0.2, 0.2], [0.001, 0.5, 0.02, 0.04, 0.03, 0.9, 0.0001],
          [1.0, 0.0, 0.5]] + [list(map(float, rng.uniform(0, 0.2, size=k))) for k in (5, 12, 13)]:
    adjusted = multipletests(p, method="holm")[1]
    holm.append({"p": p, "adjusted": [float(x) for x in adjusted]})

paired = []
for n in (2, 3, 5, 10):
    for scale in (0.01, 0.1):
        a = rng.normal(0.8, scale, size=n)
        b = a - rng.normal(0.01, scale, size=n)
        result = stats.ttest_rel(a, b)
        ci = result.confidence_interval(0.95)
        paired.append({"a": [float(x) for x in a], "b": [float(x) for x in b],
                       "p": float(result.pvalue), "lower": float(ci.low), "upper": float(ci.high)})

nct = []
for t, df, nc in [(0.5, 2, 0.0), (2.0, 4, 1.5), (-1.0, 3, 0.7), (4.3, 9, 5.0), (1.2, 1, -0.4), (12.7, 1, 3.0),
                  (2.26, 9, 2.8), (-2.26, 9, 2.8), (30.0, 20, 25.0), (3.0, 50, 8.0)]:
    nct.append({"t": t, "df": df, "nc": nc, "cdf": float(stats.nct.cdf(t, df, nc))})

power = []
analysis = TTestPower()
for d, n, alpha in [(0.5, 10, 0.05), (1.0, 5, 0.05), (0.3, 30, 0.0125), (2.0, 3, 0.05), (0.8, 12, 0.01)]:
    power.append({"effect": d, "n": n, "alpha": alpha,
                  "power": float(analysis.power(effect_size=d, nobs=n, alpha=alpha, alternative="two-sided"))})

seeds = []
for d, alpha in [(0.5, 0.05), (1.0, 0.05), (2.0, 0.05), (0.3, 0.05 / 13), (1.5, 0.05 / 3), (0.9, 0.05 / 6)]:
    nobs = analysis.solve_power(effect_size=d, nobs=None, alpha=alpha, power=0.8, alternative="two-sided")
    seeds.append({"effect": d, "alpha": alpha, "nobs": float(nobs), "seeds": int(math.ceil(nobs))})

print(json.dumps({"versions": {"scipy": scipy.__version__, "statsmodels": statsmodels.__version__},
                  "holm": holm, "paired_intervals": paired, "nct_cdf": nct, "power": power, "seeds": seeds}, indent=1))
