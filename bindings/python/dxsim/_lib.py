"""Loads libdxsim with ctypes, checks its version and declares C functions.

Search order: $DXSIM_LIBRARY, a copy next to this package, the build tree
(../../build/libdxsim.so relative to this file), the library recorded when the
package was pip-installed (dxsim/_install.py, written by _build/dxsim_build.py
from the cmake --install prefix), then the system
(ctypes.util.find_library("dxsim")).
"""
import ctypes
import ctypes.util
import os

__all__ = ["lib", "DxError", "declare", "check", "dbl_array", "out_array",
           "as_sequence", "restore_shape", "c_double_p", "c_uint8_p"]

EXPECTED_MAJOR = 0
EXPECTED_MINOR = 1

c_double_p = ctypes.POINTER(ctypes.c_double)
c_uint8_p = ctypes.POINTER(ctypes.c_uint8)


class DxError(Exception):
    """A libdxsim call failed: carries the status code, its name and the C message."""

    def __init__(self, status: int, name: str, message: str) -> None:
        super().__init__(f"{name}: {message}")
        self.status = status
        self.name = name
        self.message = message


def _candidates():
    env = os.environ.get("DXSIM_LIBRARY")
    if env:
        yield env
        return
    here = os.path.dirname(os.path.abspath(__file__))
    yield os.path.join(here, "libdxsim.so")
    root = os.path.abspath(os.path.join(here, "..", "..", ".."))
    for build in ("build", "build-release"):
        yield os.path.join(root, build, "libdxsim.so")
    try:  # recorded by the build backend at `pip install` time (absent in a checkout)
        from ._install import LIBRARY as recorded
    except ImportError:
        recorded = ""
    if recorded:
        yield recorded
    found = ctypes.util.find_library("dxsim")
    if found:
        yield found


def _load():
    errors = []
    for path in _candidates():
        if os.path.sep in path and not os.path.exists(path):
            errors.append(f"{path}: not found")
            continue
        try:
            return ctypes.CDLL(path)
        except OSError as exc:  # pragma: no cover - depends on the machine
            errors.append(f"{path}: {exc}")
    raise ImportError("libdxsim not found; set DXSIM_LIBRARY or build the project (tried: "
                      + "; ".join(errors) + ")")


lib = _load()
lib.dx_status_name.restype = ctypes.c_char_p
lib.dx_status_name.argtypes = [ctypes.c_int]
lib.dx_last_error.restype = ctypes.c_char_p
lib.dx_last_error.argtypes = []
lib.dx_version.restype = None
lib.dx_version.argtypes = [ctypes.POINTER(ctypes.c_int)] * 3
lib.dx_version_string.restype = ctypes.c_char_p
lib.dx_version_string.argtypes = []
lib.dx_global_init.restype = ctypes.c_int
lib.dx_global_init.argtypes = [ctypes.c_uint]
lib.dx_free.restype = None
lib.dx_free.argtypes = [ctypes.c_void_p]


def _raise_on_error(result, func, args):
    """errcheck hook: a negative status raises DxError with the C message."""
    if result < 0:
        raise DxError(result, lib.dx_status_name(result).decode(),
                      lib.dx_last_error().decode("utf-8", "replace"))
    return result


def check(status):
    """Raise DxError for a negative status returned by a call without errcheck."""
    return _raise_on_error(status, None, None)


def _refusing_nul(name, fn, positions):
    """fn, refusing a bytes argument at one of positions that holds a NUL byte: ctypes
    passes c_char_p as a C string, which ends at the first NUL, so
    run_scenario("farm.xml\\0x") read farm.xml and out_dir="out\\0x" wrote to out,
    without a word. The one check for every C string argument of the binding."""
    def call(*args):
        for i in positions:
            if i < len(args) and isinstance(args[i], (bytes, bytearray)) and b"\0" in args[i]:
                from ._args import ArgumentError  # _args imports this module
                raise ArgumentError(-2, f"{name}: argument {i + 1} = {bytes(args[i])!r} holds a "
                                        f"NUL byte (a C string ends there: a path or name would "
                                        f"be cut short)")
        return fn(*args)
    call.__name__ = name
    call.c_function = fn
    return call


def declare(name, restype, argtypes, errcheck=True):
    """Declare argtypes/restype of one C function (and the error hook for dx_status).
    C string arguments (c_char_p not followed by a c_size_t length) refuse an
    embedded NUL byte."""
    fn = getattr(lib, name)
    fn.restype = restype
    fn.argtypes = argtypes
    if errcheck and restype is ctypes.c_int:
        fn.errcheck = _raise_on_error
    strings = [i for i, t in enumerate(argtypes or [])
               if t is ctypes.c_char_p
               and not (i + 1 < len(argtypes) and argtypes[i + 1] is ctypes.c_size_t)]
    return _refusing_nul(name, fn, strings) if strings else fn


_maj, _min, _pat = ctypes.c_int(), ctypes.c_int(), ctypes.c_int()
lib.dx_version(ctypes.byref(_maj), ctypes.byref(_min), ctypes.byref(_pat))
if (_maj.value, _min.value) != (EXPECTED_MAJOR, EXPECTED_MINOR):
    raise ImportError(f"libdxsim {_maj.value}.{_min.value}.{_pat.value} does not match the "
                      f"bindings ({EXPECTED_MAJOR}.{EXPECTED_MINOR}.x)")
check(lib.dx_global_init(1))  # DX_INIT_GSL_HANDLER_OFF

try:  # numpy is optional
    import numpy as _np
except ImportError:  # pragma: no cover
    _np = None

# Argument conversion (broadcast, counts, arrays) lives in _args.py (one home); the names
# modules used to import from here stay available.
from ._args import as_sequence, broadcast, dbl_array, out_array, restore_shape  # noqa: E402,F401
