"""Argument checks shared by every dxsim module (issue 13): one home.

Every size that reaches C as size_t/int, every array and every coordinate goes
through these helpers, so a negative count never becomes SIZE_MAX, arrays of
different lengths never make C read past a buffer, and NaN never reaches a
geometry. Failures raise ArgumentError: a DxError (status DX_EINVAL or
DX_EDOMAIN, like the C library's own checks) that is also a ValueError, and
whose message names the argument, its value and what is allowed.

Broadcasting follows numpy's rules (numpy.broadcast_shapes) with or without
numpy installed: scalars and length-1 inputs stretch, other lengths must match.
"""
from __future__ import annotations

import ctypes
import math
import os
import numbers
from typing import (TYPE_CHECKING, Any, Iterable, List, Mapping, Optional, Sequence, SupportsFloat, SupportsIndex,
                    Tuple, Union)

from ._lib import DxError, _np

__all__ = ["ArgumentError", "ArrayLike", "Real", "Count", "count", "c_int", "choice", "index", "real", "finite",
           "vector", "vectors_same_length", "same_length", "flags", "matrix", "as_sequence",
           "broadcast", "restore_shape", "set_field", "dbl_array", "out_array", "Shape", "path",
           "text", "document"]

DX_EINVAL = -2
DX_EDOMAIN = -3
SIZE_MAX = 2 ** (8 * ctypes.sizeof(ctypes.c_size_t)) - 1
INT_MIN, INT_MAX = -2 ** 31, 2 ** 31 - 1

# Type aliases of the public signatures (issue 13). numpy stays optional: the aliases name
# numpy types only for a type checker (TYPE_CHECKING) or when numpy is importable, so
# typing.get_type_hints() resolves every public annotation with or without numpy.
if TYPE_CHECKING:  # pragma: no cover - read by type checkers only
    import numpy
    #: A number (Python or numpy scalar), a (nested) sequence of numbers or a numpy array.
    ArrayLike = Union[SupportsFloat, Sequence[Any], numpy.ndarray]
elif _np is not None:
    ArrayLike = Union[SupportsFloat, Sequence[Any], _np.ndarray]
else:
    ArrayLike = Union[SupportsFloat, Sequence[Any]]
#: A file or folder name.
PathLike = Union[str, bytes, os.PathLike]
#: One real number: int, float, a numpy scalar or a 0-d array (anything with __float__).
Real = SupportsFloat
#: A count or index reaching C as size_t/int: int or a numpy integer (anything with __index__);
#: a float holding a whole number (3.0) is accepted too, NaN/negative/fractional are refused.
Count = Union[SupportsIndex, float]

#: What broadcast() returns as shape: None (all scalars), ("list", shape) or ("ndarray", shape).
Shape = Optional[Tuple[str, Tuple[int, ...]]]


class ArgumentError(DxError, ValueError):
    """A bad argument caught before the C call (also a ValueError)."""

    def __init__(self, status: int, message: str):
        super().__init__(status, "DX_EINVAL" if status == DX_EINVAL else "DX_EDOMAIN", message)


def _fail(status: int, message: str) -> "ArgumentError":
    return ArgumentError(status, message)


def _is_bool(v: Any) -> bool:
    return isinstance(v, bool) or (_np is not None and isinstance(v, _np.bool_))


def count(value: Any, name: str, minimum: int = 0, maximum: int = SIZE_MAX) -> int:
    """A count for a C size_t: int, numpy integer or a float/array scalar holding a
    whole number; negative, NaN, fractional and non-numbers are refused."""
    if _is_bool(value) or isinstance(value, (str, bytes)):
        raise _fail(DX_EINVAL, f"{name} = {value!r} (allowed: a whole number {minimum}..{maximum})")
    if _np is not None and isinstance(value, _np.ndarray):
        if value.ndim != 0:
            raise _fail(DX_EINVAL, f"{name}: an array of shape {value.shape} where a whole number "
                                   f"is needed")
        value = value.item()
    if isinstance(value, numbers.Integral):
        v = int(value)
    elif isinstance(value, numbers.Real):
        f = float(value)
        if math.isnan(f) or math.isinf(f) or f != math.floor(f):
            raise _fail(DX_EDOMAIN, f"{name} = {value!r} (allowed: a whole number "
                                    f"{minimum}..{maximum})")
        v = int(f)
    else:
        raise _fail(DX_EINVAL, f"{name} = {value!r} of type {type(value).__name__} (allowed: a "
                               f"whole number {minimum}..{maximum})")
    if v < minimum or v > maximum:
        raise _fail(DX_EDOMAIN, f"{name} = {v} (allowed {minimum}..{maximum})")
    return v


def index(value: Any, name: str, n: int) -> int:
    """An index 0..n-1 into a C array of n elements (a Python-style -1 is refused, not
    wrapped to SIZE_MAX); n = 0 refuses every index."""
    if n <= 0:
        v = count(value, name)
        raise _fail(DX_EDOMAIN, f"{name} = {v} (allowed: none, there are 0 elements)")
    return count(value, name, 0, n - 1)


def choice(table: Mapping[Any, int], value: Any, name: str) -> int:
    """The C enum value of a named choice; an unknown name is refused (DX_EINVAL, also a
    ValueError) listing the allowed names, instead of a bare KeyError or a silent default."""
    try:
        return table[value]
    except (KeyError, TypeError):
        allowed = ", ".join(repr(k) for k in table if isinstance(k, str)) or \
            ", ".join(repr(k) for k in table)
        raise _fail(DX_EINVAL, f"{name} = {value!r} (allowed: {allowed})") from None


def c_int(value: Any, name: str, minimum: int = INT_MIN, maximum: int = INT_MAX) -> int:
    """A whole number for a C int (same rules as count, range of int by default)."""
    return count(value, name, max(minimum, INT_MIN), min(maximum, INT_MAX))


def real(value: Any, name: str) -> float:
    """A float from any real number (Python, numpy scalar, 0-d array); NaN allowed."""
    if _is_bool(value) or isinstance(value, (str, bytes)):
        raise _fail(DX_EINVAL, f"{name} = {value!r} (allowed: a number)")
    if _np is not None and isinstance(value, _np.ndarray):
        if value.ndim != 0 and value.size != 1:
            raise _fail(DX_EINVAL, f"{name}: an array of shape {value.shape} where one number is "
                                   f"needed")
        value = value.reshape(()).item()
    if not isinstance(value, numbers.Real):
        raise _fail(DX_EINVAL, f"{name} = {value!r} of type {type(value).__name__} (allowed: a "
                               f"number)")
    return float(value)


def finite(value: Any, name: str, unit: str = "") -> float:
    """A finite float (coordinates, origins, resolutions): NaN and +-inf are refused."""
    v = real(value, name)
    if not math.isfinite(v):
        raise _fail(DX_EDOMAIN, f"{name} = {v}{' ' + unit if unit else ''} (allowed: finite)")
    return v


def float_array(x: Any, name: str) -> Any:
    """x as a float64 numpy array (numpy must be present). Integer and float dtypes of any
    size are accepted (numpy's safe casts to float64); complex (the imaginary part would be
    dropped), bool, string and object arrays are refused, naming the dtype."""
    if isinstance(x, _np.ndarray):
        if x.dtype.kind not in "iuf":
            raise _fail(DX_EINVAL, f"{name}: array of dtype {x.dtype} (allowed: integer or "
                                   f"real numbers)")
        return x.astype(_np.float64, copy=False)
    try:
        a = _np.asarray(x)
    except (TypeError, ValueError) as exc:
        raise _fail(DX_EINVAL, f"{name}: {exc} (allowed: numbers, rectangular)") from None
    if a.dtype.kind == "O" or a.dtype.kind not in "iuf":
        raise _fail(DX_EINVAL, f"{name}: {_short(x)} (allowed: numbers, rectangular)")
    return a.astype(_np.float64, copy=False)


def path(value: Any, name: str = "path") -> bytes:
    """A file or folder name for C: str, bytes or os.PathLike, encoded as the OS does
    (os.fsencode: a name with bytes that are not UTF-8, as os.listdir returns it with
    surrogate escapes, reaches the file it names). str(path).encode() used before turned
    b"out.csv" into a file named "b'out.csv'" and failed on such names."""
    try:
        p = os.fspath(value)
    except TypeError:
        raise _fail(DX_EINVAL, f"{name} = {_short(value)} of type {type(value).__name__} "
                               f"(allowed: str, bytes or os.PathLike)") from None
    b = os.fsencode(p)
    if not b:
        raise _fail(DX_EINVAL, f"{name} is empty (allowed: a file name)")
    if b"\0" in b:
        raise _fail(DX_EINVAL, f"{name} = {p!r} holds a NUL byte (a C string ends there: the "
                               f"name would be cut short)")
    return b


def text(value: Any, name: str) -> bytes:
    """A name or key for C (technology id, menu, label) as UTF-8; a str with lone
    surrogates (a file name decoded by os.fsdecode) keeps its bytes; anything that is not
    str (or bytes) is refused naming the argument (technology(5) raised AttributeError)."""
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    if not isinstance(value, str):
        raise _fail(DX_EINVAL, f"{name} = {_short(value)} of type {type(value).__name__} "
                               f"(allowed: str)")
    try:
        return value.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError as exc:
        raise _fail(DX_EINVAL, f"{name} = {value!r} cannot be encoded as UTF-8 ({exc.reason})") \
            from None


def document(value: Any, name: str) -> bytes:
    """A document's text (XML, a price book): str (sent as UTF-8) or bytes-like. An int was
    passed to bytes(), which makes that many zero bytes: add_xml(2**63) raised
    OverflowError, add_xml(10**9) allocated a gigabyte of zeros."""
    if isinstance(value, str):
        return value.encode("utf-8", "surrogateescape")
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value)
    raise _fail(DX_EINVAL, f"{name} = {_short(value)} of type {type(value).__name__} "
                           f"(allowed: str or bytes)")


def _short(x: Any) -> str:
    r = repr(x)
    return r if len(r) <= 60 else r[:57] + "..."


def vector(values: Any, name: str, finite_only: bool = False, unit: str = "") -> List[float]:
    """A 1-D sequence of numbers as a list of floats (a scalar is refused: use broadcast
    for arguments that may be scalars)."""
    if _np is not None and isinstance(values, _np.ndarray):
        if values.ndim != 1:
            raise _fail(DX_EINVAL, f"{name}: array of shape {values.shape} (allowed: 1-D)")
        out = float_array(values, name).tolist()
    else:
        if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
            raise _fail(DX_EINVAL, f"{name} = {values!r} (allowed: a sequence of numbers)")
        out = [real(v, f"{name}[{i}]") for i, v in enumerate(values)]
    if finite_only:
        for i, v in enumerate(out):
            if not math.isfinite(v):
                raise _fail(DX_EDOMAIN, f"{name}[{i}] = {v}{' ' + unit if unit else ''} "
                                        f"(allowed: finite)")
    return out


def as_sequence(x: Any, name: str = "argument") -> Tuple[List[float], Shape]:
    """(flat list of floats, shape) of a scalar (shape None), a sequence (("list", (n,)))
    or an array (("ndarray", shape)); for restore_shape."""
    if _np is not None and isinstance(x, _np.ndarray):
        return float_array(x, name).ravel().tolist(), ("ndarray", tuple(x.shape))
    if isinstance(x, numbers.Real) or (_np is not None and isinstance(x, _np.generic)):
        return [real(x, name)], None
    seq = vector(x, name)
    return seq, ("list", (len(seq),))


def vectors_same_length(**named: List[float]) -> int:
    """Refuse sequences of different lengths (names in the message); returns the length."""
    lengths = {k: len(v) for k, v in named.items()}
    if len(set(lengths.values())) > 1:
        desc = ", ".join(f"{k} has {n}" for k, n in lengths.items())
        raise _fail(DX_EINVAL, f"arguments differ in length: {desc} (allowed: equal lengths)")
    return next(iter(lengths.values()), 0)


def same_length(values: Any, name: str, n: int, other: str) -> Any:
    """Refuse a per-sample argument whose length differs from n (the length of `other`)."""
    m = len(values)
    if m != n:
        raise _fail(DX_EINVAL, f"{name} has {m} values but {other} has {n} (allowed: equal "
                               f"lengths)")
    return values


def flags(values: Any, name: str, n: int, other: str) -> List[int]:
    """Per-sample booleans (1/0) of length n, as for censored samples."""
    if _np is not None and isinstance(values, _np.ndarray):
        if values.ndim != 1:
            raise _fail(DX_EINVAL, f"{name}: array of shape {values.shape} (allowed: 1-D)")
        values = values.tolist()
    if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
        raise _fail(DX_EINVAL, f"{name} = {values!r} (allowed: a sequence of booleans)")
    vals = list(values)
    same_length(vals, name, n, other)
    return [1 if v else 0 for v in vals]


def matrix(rows: Any, name: str) -> Tuple[List[float], int, int]:
    """Rows of equal length -> (flat row-major list, n_rows, n_cols); ragged rows are
    refused naming the first row that differs."""
    if _np is not None and isinstance(rows, _np.ndarray):
        if rows.ndim != 2:
            raise _fail(DX_EINVAL, f"{name}: array of shape {rows.shape} (allowed: 2-D)")
        return float_array(rows, name).ravel().tolist(), rows.shape[0], rows.shape[1]
    flat: List[float] = []
    n_cols = None
    n_rows = 0
    for i, row in enumerate(rows):
        vals = vector(row, f"{name}[{i}]")
        if n_cols is None:
            n_cols = len(vals)
        elif len(vals) != n_cols:
            raise _fail(DX_EINVAL, f"{name}[{i}] has {len(vals)} values but {name}[0] has "
                                   f"{n_cols} (allowed: rows of equal length)")
        flat.extend(vals)
        n_rows += 1
    return flat, n_rows, n_cols or 0


def _shape_of(x: Any, name: str) -> Tuple[Tuple[int, ...], Any]:
    """(shape, nested value) of a scalar / sequence / array (numbers only)."""
    if _np is not None and isinstance(x, _np.ndarray):
        return tuple(x.shape), float_array(x, name)
    if isinstance(x, (str, bytes)):
        raise _fail(DX_EINVAL, f"{name} = {x!r} (allowed: numbers)")
    if isinstance(x, numbers.Real) or (_np is not None and isinstance(x, _np.generic)):
        return (), x
    if _np is not None:
        a = float_array(x, name)
        return tuple(a.shape), a
    seq = list(x)
    for i, v in enumerate(seq):
        if not isinstance(v, numbers.Real):
            raise _fail(DX_EINVAL, f"{name}[{i}] = {v!r} (allowed: numbers; nested sequences "
                                   f"need numpy)")
    return (len(seq),), seq


def _broadcast_shapes(shapes: Sequence[Tuple[int, ...]], names: Sequence[str]) -> Tuple[int, ...]:
    ndim = max((len(s) for s in shapes), default=0)
    out = []
    for axis in range(ndim):
        size = 1
        for s, n in zip(shapes, names):
            d = s[axis - ndim + len(s)] if axis - ndim + len(s) >= 0 else 1
            if d != 1:
                if size not in (1, d):
                    desc = ", ".join(f"{nm} {sh}" for nm, sh in zip(names, shapes))
                    raise _fail(DX_EINVAL, f"shapes cannot be broadcast together: {desc}")
                size = d
        out.append(size)
    return tuple(out)


def broadcast(*args: Any, **kwargs: Any) -> Tuple[List[List[float]], Shape]:
    """numpy broadcasting of scalars, sequences and arrays to one shape.

    broadcast(fc_hz=fc, d2d_m=d) (names appear in errors) or broadcast(a, b).
    Returns (one flat list of floats per argument, shape) for restore_shape."""
    items = [(f"argument {i + 1}", a) for i, a in enumerate(args)] + list(kwargs.items())
    names = [k for k, _ in items]
    shapes, values = [], []
    any_array = False
    for name, a in items:
        shp, v = _shape_of(a, name)
        any_array = any_array or (_np is not None and isinstance(a, _np.ndarray))
        shapes.append(shp)
        values.append(v)
    shape = _broadcast_shapes(shapes, names)
    out = []
    if _np is not None:
        for v in values:
            arr = _np.broadcast_to(_np.asarray(v, dtype=float), shape)
            out.append([float(t) for t in arr.ravel()])
    else:  # 1-D only (checked by _shape_of)
        n = shape[0] if shape else 1
        for v in values:
            seq = [float(v)] if not isinstance(v, list) else [float(t) for t in v]
            out.append(seq * n if len(seq) == 1 else seq)
    if not shape and not any_array:
        return out, None
    return out, ("ndarray" if any_array else "list", shape)


def restore_shape(values: Sequence[Any], shape: Shape, dtype: type = float) -> Any:
    """Scalars in, scalar out; lists in, (nested) list out; ndarrays in, ndarray out (of
    dtype: float, or bool for flags)."""
    values = list(values)
    if shape is None:
        return values[0]
    kind, shp = shape
    if _np is not None:
        arr = _np.asarray(values, dtype=dtype).reshape(shp)
        return arr if kind == "ndarray" else arr.tolist()
    return values


def set_field(struct: ctypes.Structure, name: str, value: Any, label: Optional[str] = None) -> None:
    """Assign value to a field of a ctypes Structure with the checks of the field's C type:
    integers must be whole and inside the type's range (ctypes would wrap 2**32 + 5 to 5
    silently), doubles must be numbers. An unknown field raises AttributeError."""
    fields = dict(struct._fields_)
    if name not in fields:
        raise AttributeError(f"{type(struct).__name__} has no field {name!r}")
    ftype = fields[name]
    code = getattr(ftype, "_type_", None)
    label = label or name
    if isinstance(code, str) and code in "bBhHiIlLqQ":
        bits = 8 * ctypes.sizeof(ftype)
        signed = code in "bhilq"
        if _is_bool(value):  # C flags (outdoor, include_spares ...) take True/False
            value = int(value)
        lo, hi = (-2 ** (bits - 1), 2 ** (bits - 1) - 1) if signed else (0, 2 ** bits - 1)
        setattr(struct, name, count(value, label, lo, hi))
    elif isinstance(code, str) and code in "fd":
        setattr(struct, name, real(value, label))
    else:
        setattr(struct, name, value)


def dbl_array(values: Sequence[float]) -> ctypes.Array:
    """ctypes double array of the values (at least one element, never read past n)."""
    return (ctypes.c_double * max(1, len(values)))(*values)


def out_array(n: int) -> ctypes.Array:
    """A zeroed ctypes double array for n outputs (n checked as a count)."""
    n = count(n, "n")
    return (ctypes.c_double * max(1, n))()
