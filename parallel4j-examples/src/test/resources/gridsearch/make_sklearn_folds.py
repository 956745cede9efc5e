"""Expected fold assignments of scikit-learn's unshuffled StratifiedKFold and KFold, for FoldsTest.
Run from this directory: /usr/bin/python3 make_sklearn_folds.py > sklearn_folds.txt
Labels come from integer formulas that the Java test repeats. Each line:
split <TAB> formula <TAB> n <TAB> k <TAB> each sample's test fold."""
import numpy as np
from sklearn.model_selection import KFold, StratifiedKFold

FORMULAS = {
    "two": lambda i: 1 if (i * 7) % 5 == 0 else 0,
    "three": lambda i: (i * i + 3) % 3 + 5,
    "skewed": lambda i: 9 if i % 11 == 4 else (2 if i % 3 == 0 else 4),
}

for name, f in FORMULAS.items():
    for n in (23, 31, 100, 1001):
        y = np.array([f(i) for i in range(n)])
        for k in (2, 3, 5):
            for split, cv in (("stratified", StratifiedKFold(k)), ("kfold", KFold(k))):
                fold = np.empty(n, dtype=int)
                try:
                    for j, (_, test) in enumerate(cv.split(np.zeros((n, 1)), y)):
                        fold[test] = j
                except ValueError:
                    continue
                print("\t".join([split, name, str(n), str(k), " ".join(map(str, fold))]))
