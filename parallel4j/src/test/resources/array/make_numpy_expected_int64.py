"""Expected int64 values for parallel4j's long-array tests, computed by NumPy (Debian's python3-numpy).
Run from this directory: /usr/bin/python3 make_numpy_expected_int64.py > numpy_expected_int64.txt
Inputs come from integer formulas, so Java builds the very same arrays; products overflow on
purpose (NumPy's int64 arrays wrap around). Each line: name <TAB> n <TAB> values as decimal integers."""
import numpy as np


def x_of(n):
    i = np.arange(n, dtype=np.int64)
    return ((i * 7919) % 10007 - 5000) * np.int64(1_000_000_007)


def y_of(n):
    i = np.arange(n, dtype=np.int64)
    y = (i * 104729) % 9973 - 4986
    return np.where(y == 0, np.int64(7), y)


def emit(name, n, values):
    values = np.atleast_1d(np.asarray(values, dtype=np.int64))
    print(name + "\t" + str(n) + "\t" + " ".join(str(int(v)) for v in values))


with np.errstate(all="ignore"):
    n = 1000
    x, y = x_of(n), y_of(n)
    emit("add", n, x + 3 * y)
    emit("mul", n, x * x * y)
    emit("floor_divide", n, x // y)
    emit("mod", n, x % y)
    emit("minimum", n, np.minimum(x, y * 1_000_000_000))
    emit("maximum", n, np.maximum(x, y * 1_000_000_000))
    emit("where", n, np.where(x < y * 1_000_000_000, -x, np.abs(y)))
    # int32 arrays: + - * wrap at 32 bits; sums accumulate in int64
    i = np.arange(1000, dtype=np.int64)
    u = (((i * 7919) % 10007 - 5000) * 429_497).astype(np.int32)
    v = ((i * 104729) % 9973 - 4986).astype(np.int32)
    emit("int32_arith", 1000, u * v + u - v * np.int32(3))
    emit("int32_sum", 1000, np.sum(u))
    for n in (1, 4095, 4097, 40000, 200001):
        x, y = x_of(n), y_of(n)
        emit("sum", n, np.sum(x * x))
        emit("prod", n, np.prod(y | 1))
        emit("min", n, np.min(x))
        emit("max", n, np.max(y))
        emit("argmax", n, np.argmax(x))
        emit("argmin", n, np.argmin(y))
        emit("count", n, np.count_nonzero(x > 0))
