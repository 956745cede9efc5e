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


def u_of(n):
    i = np.arange(n, dtype=np.int64)
    return (((i * 7919) % 10007 - 5000) * 429_497).astype(np.int32)


def v_of(n):
    i = np.arange(n, dtype=np.int64)
    return ((i * 104729) % 9973 - 4986).astype(np.int32)


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
    # bitwise operations; shift counts of 64 or more, and negative ones, shift every bit out
    emit("bitwise", n, np.concatenate([x & y, x | y, x ^ (y * 12345), ~x]))
    emit("shifts", n, np.concatenate([x << (y % 70 - 3), x >> (y % 70 - 3), y << 58]))
    # int32 arrays: + - * wrap at 32 bits; sums accumulate in int64
    u, v = u_of(1000), v_of(1000)
    emit("int32_arith", 1000, u * v + u - v * np.int32(3))
    emit("int32_sum", 1000, np.sum(u))
    # int32 results wrap after every operation, so what follows an overflow sees the wrapped value
    p = u * v
    emit("int32_floor_divide", 1000, p // 7)
    emit("int32_mod", 1000, p % 1000)
    emit("int32_minimum", 1000, np.minimum(u * 3, v * 1000))
    emit("int32_maximum", 1000, np.maximum(u * 3, v * 1000))
    emit("int32_where", 1000, np.where(u * 2 < v, -(u * 2), np.abs(v * 1000000)))
    emit("int32_count", 1000, np.count_nonzero(u + u > 0))
    emit("int32_sum_of_products", 1000, np.sum(u * v))
    emit("int32_prod", 1000, np.prod(v[:40] * 9))
    emit("int32_min_max_of_sums", 1000, [np.min(u + u), np.max(u + u), np.argmin(u + u), np.argmax(u + u)])
    # int64 where NumPy 1.x promotes: a scalar beyond int32, an int64 array, astype(np.int64)
    emit("int32_bitwise", 1000, np.concatenate([u & v, u | (v * 1000), u ^ v, ~u, u << (v % 40), u >> (v % 40 - 3), (u << 3) // 5]))
    emit("int32_big_scalar", 1000, u * 3 + 2**40)
    emit("int32_with_int64", 1000, u * v.astype(np.int64))
    emit("int32_as_int64_sum", 1000, np.sum(u.astype(np.int64) * v))
    m = np.array([-2**31, 7, -7, 2**31 - 1], dtype=np.int32)
    emit("int32_edges", 4, np.concatenate([m // -1, -m, np.abs(m), m + 1, m * m]))
    for n in (1, 4095, 4097, 40000, 200001):
        u, v = u_of(n), v_of(n)
        p = u * v
        emit("int32_reductions", n, [np.sum(p // 7), np.sum(p % 1000), np.count_nonzero(u + u > 0),
                                     np.sum(np.where(u * 2 < v, -(u * 2), np.abs(v * 1000000))), np.min(u * 3), np.argmax(u + u)])
        x, y = x_of(n), y_of(n)
        emit("sum", n, np.sum(x * x))
        emit("prod", n, np.prod(y | 1))
        emit("min", n, np.min(x))
        emit("max", n, np.max(y))
        emit("argmax", n, np.argmax(x))
        emit("argmin", n, np.argmin(y))
        emit("count", n, np.count_nonzero(x > 0))
    # two dimensions: the same inputs reshaped, read through a slice with steps, with a row and a
    # column broadcast; sums along each axis; an int32 stencil assigned into a shifted slice in place
    for rows, cols in ((7, 9), (70, 130), (250, 201)):
        shape = str(rows) + "x" + str(cols)
        n = rows * cols
        s = (slice(1, None, 2), slice(2, None, 3))
        xs, ys = x_of(n).reshape(rows, cols)[s], y_of(n).reshape(rows, cols)[s]
        emit("2d_broadcast", shape, (xs * ys + xs[0] - ys[:, 0:1]).ravel())
        emit("2d_floor_mod", shape, (xs // ys + xs % 7).ravel())
        emit("2d_where", shape, np.where(xs > ys * 1_000_000_000, xs[0], -ys).ravel())
        emit("2d_axis_sums", shape, np.concatenate([xs.sum(axis=1), xs.sum(axis=0)]))
        emit("2d_reductions", shape, [np.sum(xs * ys), np.max(xs), np.argmax(xs), np.min(ys), np.argmin(ys), np.count_nonzero(xs > 0)])
        us, vs = u_of(n).reshape(rows, cols)[s], v_of(n).reshape(rows, cols)[s]
        emit("2d_int32", shape, ((us * vs + us[0] - vs * np.int32(3)) // 7).ravel())
        emit("2d_int32_int64_column", shape, (us * 2 - vs[:, 0].astype(np.int64)[:, None]).ravel())
        emit("2d_int32_axis_sums", shape, np.concatenate([us.sum(axis=1), us.sum(axis=0)]))
        w = u_of(n).reshape(rows, cols)
        w[1:-1, 1:-1] = w[:-2, 1:-1] + w[2:, 1:-1] + w[1:-1, :-2] + w[1:-1, 2:] - np.int32(4) * w[1:-1, 1:-1]
        emit("2d_int32_stencil", shape, w.ravel())
