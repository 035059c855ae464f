"""Python bindings for libdxsim (ctypes, standard library only; numpy optional).

    import dxsim
    dxsim.version()                      # '0.1.0'
    dxsim.run_scenario("farm.xml")       # results as plain Python data
"""
from ._lib import DxError, lib as _lib

__all__ = ["DxError", "version"]


def version():
    """Version string of the loaded shared library."""
    return _lib.dx_version_string().decode()
