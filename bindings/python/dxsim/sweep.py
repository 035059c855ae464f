"""Sweeps (include/dxsim/sweep.h): many scenarios x design variants, one table.

    import dxsim
    rows = dxsim.sweep.run("examples/sweeps/prefecture.xml", out_dir="pref-out", threads=2)
    rows[0]["scenario"], rows[0]["technology"], rows[0]["net_cost_jpy"]

    with dxsim.sweep.Sweep("spec.xml") as sw:          # the jobs one by one
        for i, key in enumerate(sw.keys()):
            print(key, sw.job_cost(i), sw.run_job(i)[0]["status"])

The spec format is docs/sweep-format.md. A sweep runs in this process on C
threads (OpenMP); `mpirun -np N dxsim sweep SPEC.xml` spreads it over MPI
ranks and writes the same table. Rows are plain dicts, as in results.jsonl.
"""
from __future__ import annotations

import ctypes
import json
import os
from typing import Any, Callable, Dict, List, Optional, Union

from ._lib import declare, lib
from . import _args
from ._args import Count, PathLike, c_int, index

__all__ = ["Sweep", "Options", "run", "read_table"]

_vp = ctypes.c_void_p
_vpp = ctypes.POINTER(ctypes.c_void_p)
_sz = ctypes.c_size_t
PROGRESS = ctypes.CFUNCTYPE(None, _sz, _sz, _sz, _vp)


class Options(ctypes.Structure):
    """dx_sweep_options (C field order); filled by dx_sweep_options_init."""
    _fields_ = [("version", ctypes.c_uint), ("threads", ctypes.c_int), ("resume", ctypes.c_int),
                ("out_dir", ctypes.c_char_p), ("progress", PROGRESS), ("progress_user", _vp)]


OPTIONS_VERSION = 1
_load = declare("dx_sweep_load", ctypes.c_int, [ctypes.c_char_p, _vpp])
_load_mem = declare("dx_sweep_load_memory", ctypes.c_int,
                    [ctypes.c_char_p, _sz, ctypes.c_char_p, ctypes.c_char_p, _vpp])
_free = declare("dx_sweep_free", None, [_vp], errcheck=False)
_name = declare("dx_sweep_name", ctypes.c_char_p, [_vp], errcheck=False)
_out_dir = declare("dx_sweep_output_dir", ctypes.c_char_p, [_vp], errcheck=False)
_count = declare("dx_sweep_job_count", _sz, [_vp], errcheck=False)
_key = declare("dx_sweep_job_key", ctypes.c_char_p, [_vp, _sz], errcheck=False)
_cost = declare("dx_sweep_job_cost", ctypes.c_double, [_vp, _sz], errcheck=False)
_xml = declare("dx_sweep_job_xml", ctypes.c_int, [_vp, _sz, _vpp])
_run_job = declare("dx_sweep_run_job", ctypes.c_int, [_vp, _sz, ctypes.c_char_p, _vpp])
_opts_init = declare("dx_sweep_options_init", ctypes.c_int, [ctypes.POINTER(Options), ctypes.c_uint])
_opts_size = declare("dx_sweep_options_size", _sz, [], errcheck=False)
_run = declare("dx_sweep_run", ctypes.c_int, [_vp, ctypes.POINTER(Options), ctypes.POINTER(_sz)])


def _take_text(ptr: ctypes.c_void_p) -> str:
    try:
        return ctypes.string_at(ptr).decode("utf-8")
    finally:
        lib.dx_free(ptr)


def _rows_of_record(text: str) -> List[Dict[str, Any]]:
    """The rows of a job record (its JSON parts), as dicts."""
    rows = []
    for line in text.splitlines():
        if line.startswith("R\t"):
            rows.append(json.loads(line.split("\t", 2)[2]))
    return rows


class Sweep:
    """A loaded sweep spec: its jobs (scenario x variant). Close it or use `with`.

    Sweep(path) reads a spec file; Sweep(xml=TEXT, name=..., base_dir=...) a spec text whose
    relative paths resolve against base_dir."""

    def __init__(self, path: Optional[PathLike] = None, *, xml: Union[str, bytes, None] = None,
                 name: str = "sweep.xml", base_dir: PathLike = ".") -> None:
        self._h = _vp()
        if xml is not None:
            data = _args.document(xml, "xml")
            _load_mem(data, len(data), _args.text(name, "name"), _args.path(base_dir, "base_dir"),
                      ctypes.byref(self._h))
        else:
            _load(_args.path(path, "path"), ctypes.byref(self._h))

    def close(self) -> None:
        """Free the loaded spec (also done when the object is collected)."""
        if self._h:
            _free(self._h)
            self._h = _vp()

    def __enter__(self) -> "Sweep":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __del__(self) -> None:  # safety net only
        self.close()

    @property
    def name(self) -> str:
        """The spec's name (its <sweep name>)."""
        return _name(self._h).decode("utf-8")

    @property
    def output_dir(self) -> str:
        """The spec's output folder (where run() writes the table by default)."""
        return os.fsdecode(_out_dir(self._h))

    def __len__(self) -> int:
        return _count(self._h)

    def keys(self) -> List[str]:
        """Job keys in job order ("SCENARIO" or "SCENARIO|VARIANT")."""
        return [_key(self._h, i).decode("utf-8") for i in range(len(self))]

    def job_cost(self, i: Count) -> float:
        """Estimated relative cost of job i (0 .. len - 1; a scheduling weight, no unit)."""
        return _cost(self._h, index(i, "i", len(self)))

    def job_xml(self, i: Count) -> str:
        """The scenario XML of job i (base scenario with the job's edits)."""
        p = _vp()
        _xml(self._h, index(i, "i", len(self)), ctypes.byref(p))
        return _take_text(p)

    def run_job(self, i: Count, out_dir: Optional[PathLike] = None) -> List[Dict[str, Any]]:
        """Run job i; returns its rows (an error row for a scenario that fails); money in
        JPY, as results.jsonl."""
        p = _vp()
        _run_job(self._h, index(i, "i", len(self)), _args.path(out_dir, "out_dir") if out_dir else None,
                 ctypes.byref(p))
        return _rows_of_record(_take_text(p))

    def run(self, out_dir: Optional[PathLike] = None, threads: Count = 0, resume: bool = False,
            progress: Optional[Callable[[int, int, int], Any]] = None) -> int:
        """Run every job in this process (threads: 0 = one per core), write the
        table to out_dir (default: the spec's); resume keeps the journal's
        completed jobs. progress(done, total, failed) is called after each
        job. Returns the number of error rows."""
        o = Options()
        _opts_init(ctypes.byref(o), OPTIONS_VERSION)
        o.threads = c_int(threads, "threads", 0)
        o.resume = 1 if resume else 0
        o.out_dir = _args.path(out_dir, "out_dir") if out_dir else None
        if progress is not None:
            cb = PROGRESS(lambda d, t, f, _u: progress(d, t, f))  # kept alive during the call
            o.progress = cb
        failed = _sz()
        _run(self._h, ctypes.byref(o), ctypes.byref(failed))
        return failed.value


def read_table(out_dir: PathLike) -> List[Dict[str, Any]]:
    """The rows of a finished sweep (results.jsonl) as dicts, in table order."""
    with open(os.path.join(out_dir, "results.jsonl"), encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def run(spec_path: PathLike, out_dir: Optional[PathLike] = None, threads: Count = 0,
        resume: bool = False,
        progress: Optional[Callable[[int, int, int], Any]] = None) -> List[Dict[str, Any]]:
    """Run a sweep spec in this process (threads: 0 = one per core); returns the table rows
    (dicts, money in JPY) as read back from out_dir (default: the spec's folder)."""
    with Sweep(spec_path) as sw:
        sw.run(out_dir, threads, resume, progress)
        return read_table(out_dir or sw.output_dir)


def options_size_matches() -> bool:
    """True when the Options layout matches the library's dx_sweep_options."""
    return ctypes.sizeof(Options) == _opts_size()
