"""Expected values for parallel4j's array tests, computed by NumPy (Debian's python3-numpy).
Run from this directory: /usr/bin/python3 make_numpy_expected.py > numpy_expected.txt
Inputs are exact doubles from integer formulas, so Java builds the very same arrays.
Each line: name <TAB> n <TAB> values as float.hex, space separated."""
import numpy as np


def x_of(n):
    i = np.arange(n, dtype=np.int64)
    return ((i * 7919) % 10007) / 1024.0 - 4.0


def y_of(n):
    i = np.arange(n, dtype=np.int64)
    return ((i * 104729) % 9973) / 512.0 - 9.0


def emit(name, n, values):
    values = np.atleast_1d(np.asarray(values, dtype=np.float64))
    print(name + "\t" + str(n) + "\t" + " ".join(float(v).hex() for v in values))


with np.errstate(all="ignore"):
    n = 1000
    x, y = x_of(n), y_of(n)
    emit("add", n, x + y)
    emit("sub", n, x - 3.5 * y)
    emit("mul", n, x * y)
    emit("div", n, x / y)
    emit("sqrt", n, np.sqrt(np.abs(x)))
    emit("exp", n, np.exp(x))
    emit("log", n, np.log(np.abs(y)))
    emit("sin", n, np.sin(y))
    emit("cos", n, np.cos(y))
    emit("tan", n, np.tan(x))
    emit("tanh", n, np.tanh(x))
    emit("floor", n, np.floor(y))
    emit("ceil", n, np.ceil(y))
    emit("pow", n, np.power(np.abs(x), 1.5))
    emit("minimum", n, np.minimum(x, y))
    emit("maximum", n, np.maximum(x, y))
    emit("where", n, np.where(x < y, x, -y))
    emit("hypot", n, np.sqrt(x * x + y * y))
    emit("poly3", n, 2.0 * x + 3.0 * y * x - y)
    for n in (1, 4095, 4097, 40000, 200001):
        x, y = x_of(n), y_of(n)
        emit("sum", n, np.sum(x))
        emit("prod", n, np.prod(1.0 + x / 1e5))
        emit("min", n, np.min(y))
        emit("max", n, np.max(y))
        emit("mean", n, np.mean(x))
        emit("var", n, np.var(x))
        emit("std", n, np.std(y))
        emit("argmax", n, np.argmax(y))
        emit("argmin", n, np.argmin(x))
        emit("dot", n, x.dot(y))
        emit("norm", n, np.linalg.norm(x))
        emit("count", n, np.count_nonzero(x > 0))
