"""Python bindings for libdxsim (ctypes, standard library only; numpy optional).

    import dxsim
    dxsim.version()                      # '0.1.0'
    res = dxsim.run_scenario("farm.xml") # results as plain Python data
    res["technologies"][0]["id"]         # best-ranked technology

Sub-modules mirror the C headers: dxsim.propagation, dxsim.phy, dxsim.link,
dxsim.coverage, dxsim.capacity, dxsim.plan, dxsim.cost, dxsim.finance, dxsim.programme,
dxsim.uncertainty, dxsim.itm, dxsim.terrain, dxsim.geo, dxsim.calibrate, dxsim.sweep.
"""
import ctypes
import json
import os
from typing import Any, Callable, Dict, List, Optional, Union

from ._lib import DxError, declare as _declare, lib as _lib
from ._args import PathLike as _PathLike
from . import _args
# One module per C header; imported here so that `import dxsim` is enough.
from . import (capacity, cost, coverage, finance, link, phy, plan, programme,  # noqa: E402,F401
               propagation, uncertainty)
from . import sweep  # noqa: E402,F401  (many scenarios x variants: dxsim.sweep.run)
from . import cost as _cost
# Real places (issue 12): ITM, DEMs and terrain loss, coordinates, calibration
from . import calibrate, geo, itm, terrain  # noqa: E402,F401

__all__ = ["DxError", "version", "run_scenario", "run_scenario_xml", "demo", "demo_xml",
           "output_check",
           "technologies", "technology", "capacity", "cost", "coverage", "finance", "link", "phy",
           "plan", "programme", "propagation", "uncertainty", "calibrate", "geo", "itm",
           "terrain", "sweep"]

_c_void_pp = ctypes.POINTER(ctypes.c_void_p)
_load = _declare("dx_scenario_load", ctypes.c_int,
                 [ctypes.c_char_p, ctypes.c_void_p, _c_void_pp])
_load_mem = _declare("dx_scenario_load_memory", ctypes.c_int,
                     [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p, ctypes.c_void_p,
                      _c_void_pp])
_demo = _declare("dx_scenario_demo", ctypes.c_int, [_c_void_pp])
_demo_xml = _declare("dx_scenario_demo_xml", ctypes.c_char_p, [], errcheck=False)
_sc_free = _declare("dx_scenario_free", None, [ctypes.c_void_p], errcheck=False)
_run = _declare("dx_compare_run", ctypes.c_int, [ctypes.c_void_p, _c_void_pp])


# ---- run options (issue 13: the Monte Carlo work bound) ----
class _CompareRunOptions(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint), ("progress_fn", ctypes.c_void_p),
                ("progress_user", ctypes.c_void_p), ("max_mc_replans", ctypes.c_size_t)]


_cro_init = _declare("dx_compare_run_options_init", ctypes.c_int,
                     [ctypes.POINTER(_CompareRunOptions), ctypes.c_uint])
_run_ex = _declare("dx_compare_run_ex", ctypes.c_int,
                   [ctypes.c_void_p, ctypes.POINTER(_CompareRunOptions), _c_void_pp])
#: Default Monte Carlo work bound in re-plans (draws x re-planned technologies), ASSUMED.
DEFAULT_MAX_MC_REPLANS = 200000


def _run_options(max_mc_replans):
    """dx_compare_run_options (version 2); max_mc_replans None = the library default."""
    from . import _args
    o = _CompareRunOptions()
    _cro_init(ctypes.byref(o), 2)
    if max_mc_replans is not None:
        o.max_mc_replans = _args.count(max_mc_replans, "max_mc_replans")
    return o


_res_free = _declare("dx_results_free", None, [ctypes.c_void_p], errcheck=False)
_render = _declare("dx_results_render", ctypes.c_int,
                   [ctypes.c_void_p, ctypes.c_int, ctypes.POINTER(ctypes.c_void_p)])
_write = _declare("dx_results_write", ctypes.c_int, [ctypes.c_void_p, ctypes.c_char_p])


# ---- report options (issue 11: language, map) ----
class _ReportOptions(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint), ("lang", ctypes.c_int), ("html_map", ctypes.c_int)]


_REPORT_LANGS = {"ja": 0, "en": 1}
_ropt_init = _declare("dx_report_options_init", ctypes.c_int,
                      [ctypes.POINTER(_ReportOptions), ctypes.c_uint])
_ropt_size = _declare("dx_report_options_size", ctypes.c_size_t, [], errcheck=False)
_render_opts = _declare("dx_results_render_opts", ctypes.c_int,
                        [ctypes.c_void_p, ctypes.c_int, ctypes.POINTER(_ReportOptions),
                         ctypes.POINTER(ctypes.c_void_p)])
_write_opts = _declare("dx_results_write_opts", ctypes.c_int,
                       [ctypes.c_void_p, ctypes.c_char_p, ctypes.POINTER(_ReportOptions)])
REPORT_FORMATS = {"markdown": 0, "json": 1, "csv": 2, "text": 3, "html": 4, "items_csv": 5,
                  "cashflows_csv": 6}


def _report_options(lang: str, html_map: bool = True) -> "_ReportOptions":
    if lang not in _REPORT_LANGS:
        raise ValueError(f"lang = {lang!r} (allowed: 'ja', 'en')")
    o = _ReportOptions()
    _ropt_init(ctypes.byref(o), 1)
    o.lang = _REPORT_LANGS[lang]
    o.html_map = 1 if html_map else 0
    return o
_tcount = _declare("dx_technology_count", ctypes.c_size_t, [], errcheck=False)
_tparam_count = _declare("dx_technology_param_count", ctypes.c_size_t, [ctypes.c_char_p],
                         errcheck=False)


class _TechParam(ctypes.Structure):
    _fields_ = [("key", ctypes.c_char_p), ("value", ctypes.c_char_p),
                ("value_class", ctypes.c_int), ("source", ctypes.c_char_p)]


_tparam = _declare("dx_technology_param", ctypes.c_int,
                   [ctypes.c_char_p, ctypes.c_size_t, ctypes.POINTER(_TechParam)])


def version() -> str:
    """Version string of the loaded shared library."""
    return _lib.dx_version_string().decode()


# ---- output folder check (issue 13: refuse an unwritable folder before computing) ----
_out_check = _declare("dx_output_check", ctypes.c_int, [ctypes.c_char_p])


def output_check(out_dir: _PathLike) -> None:
    """Raise DxError (DX_EIO, naming the path and the reason) unless out_dir is a writable
    folder or can be created; creates nothing. run_scenario/demo call it before running."""
    _out_check(_args.path(out_dir, "out_dir"))


def _check_progress(progress):
    if progress is not None and not callable(progress):
        raise TypeError(f"progress = {progress!r}: a callable progress(stage, done_ratio) or None")


def _check_render(render):
    """render: None or a dict whose keys are REPORT_FORMATS names, checked before the run
    (an unknown name raised KeyError, a list TypeError, after the whole comparison ran)."""
    if render is None:
        return
    if not isinstance(render, dict):
        raise _args.ArgumentError(_args.DX_EINVAL, f"render = {render!r} of type "
                                                   f"{type(render).__name__} (allowed: a dict "
                                                   f"{{format name: None}}, names "
                                                   f"{', '.join(REPORT_FORMATS)})")
    for fmt in render:
        _args.choice(REPORT_FORMATS, fmt, "render key")


def _run_handle(sc, out_dir, lang="ja", html_map=True, render=None, progress=None,
                max_mc_replans=None):
    ropts = _report_options(lang, html_map)
    res = ctypes.c_void_p()
    try:
        copts = _run_options(max_mc_replans)
        if out_dir is not None:
            output_check(out_dir)  # before the (long) run, not after it
        cb = plan._Progress(progress) if progress is not None else None
        if cb is not None:
            copts.progress_fn = cb.pointer()
        _run_ex(sc, ctypes.byref(copts), ctypes.byref(res))
    finally:
        _sc_free(sc)
    try:
        if cb is not None:
            cb.reraise()  # the progress callback's exception, now that res can be freed
        text = ctypes.c_void_p()
        _render(res, 1, ctypes.byref(text))  # DX_REPORT_JSON
        try:
            data = json.loads(ctypes.string_at(text).decode("utf-8"))
        finally:
            _lib.dx_free(text)
        if render is not None:  # {format name: text} in the report's language
            for fmt in list(render):
                t = ctypes.c_void_p()
                _render_opts(res, REPORT_FORMATS[fmt], ctypes.byref(ropts), ctypes.byref(t))
                try:
                    render[fmt] = ctypes.string_at(t).decode("utf-8")
                finally:
                    _lib.dx_free(t)
        if out_dir is not None:
            _write_opts(res, _args.path(out_dir, "out_dir"), ctypes.byref(ropts))
        return data
    finally:
        _res_free(res)


def run_scenario(path: _PathLike, out_dir: Optional[_PathLike] = None, lang: str = "ja",
                 html_map: bool = True,
                 render: Optional[Dict[str, Optional[str]]] = None,
                 progress: Optional[Callable[[str, float], Any]] = None,
                 max_mc_replans: Optional[int] = None) -> Dict[str, Any]:
    """Run the comparison on a scenario file; returns the results as plain data
    (the content of results.json). With out_dir, also writes report.md,
    report.html, results.json, results.csv, items.csv and cashflows.csv there,
    in lang ('ja' or 'en'). render: a dict whose keys name formats of
    REPORT_FORMATS ("markdown", "html" ...) receives their texts. Raises DxError
    with the C message (file, line, element) for a bad scenario.
    progress: None, or a callable progress(stage, done_ratio) called as the
    comparison advances (stage "plan", "monte_carlo" with <uncertainty>, then
    "done" at 1.0; dx_compare_run_ex), e.g. to show a progress bar.
    max_mc_replans: Monte Carlo work bound in re-plans (draws x technologies
    re-planned per draw; None = DEFAULT_MAX_MC_REPLANS, 0 = no bound); a
    scenario above it raises DxError (DX_EDOMAIN) before planning.
    Units follow each key's suffix: money in JPY (_jpy, tax included), distances in m,
    rates in Mbit/s, ratios 0..1 (docs/results.schema.json)."""
    _report_options(lang)  # a bad lang fails before the run
    _check_progress(progress)
    _check_render(render)
    _run_options(max_mc_replans)  # a bad bound too
    sc = ctypes.c_void_p()
    _load(_args.path(path, "path"), None, ctypes.byref(sc))
    return _run_handle(sc, out_dir, lang, html_map, render, progress, max_mc_replans)


def run_scenario_xml(xml_text: Union[str, bytes], name: str = "scenario.xml",
                     out_dir: Optional[_PathLike] = None, lang: str = "ja", html_map: bool = True,
                     render: Optional[Dict[str, Optional[str]]] = None,
                     progress: Optional[Callable[[str, float], Any]] = None,
                     max_mc_replans: Optional[int] = None) -> Dict[str, Any]:
    """Like run_scenario, from XML text (progress, max_mc_replans as there)."""
    _report_options(lang)
    _check_progress(progress)
    _check_render(render)
    _run_options(max_mc_replans)
    data = _args.document(xml_text, "xml_text")
    sc = ctypes.c_void_p()
    _load_mem(data, len(data), _args.text(name, "name"), None, ctypes.byref(sc))
    return _run_handle(sc, out_dir, lang, html_map, render, progress, max_mc_replans)


def demo(out_dir: Optional[_PathLike] = None, lang: str = "ja", html_map: bool = True,
         render: Optional[Dict[str, Optional[str]]] = None,
         progress: Optional[Callable[[str, float], Any]] = None,
         max_mc_replans: Optional[int] = None) -> Dict[str, Any]:
    """Run the built-in demo scenario (rural municipality, every technology;
    progress, max_mc_replans as in run_scenario)."""
    _report_options(lang)
    _check_progress(progress)
    _check_render(render)
    _run_options(max_mc_replans)
    sc = ctypes.c_void_p()
    _demo(ctypes.byref(sc))
    return _run_handle(sc, out_dir, lang, html_map, render, progress, max_mc_replans)


def demo_xml() -> str:
    """The demo scenario's XML text (a template to edit)."""
    return _demo_xml().decode("utf-8")


def technology(tech_id: str) -> Dict[str, Dict[str, str]]:
    """Catalogued parameters of one technology: {key: {value, class, source}}."""
    key = _args.text(tech_id, "tech_id")
    n = _tparam_count(key)
    if n == 0:
        raise KeyError(f"no technology '{tech_id}' in the catalogue")
    out = {}
    p = _TechParam()
    for i in range(n):
        _tparam(key, i, ctypes.byref(p))
        out[p.key.decode()] = {"value": p.value.decode(), "class": _cost.VALUE_CLASSES[p.value_class],
                               "source": p.source.decode()}
    return out


_tget = _declare("dx_technology_get", ctypes.c_int, [ctypes.c_size_t, ctypes.c_void_p])
_TECH_BUF_BYTES = 4096  # larger than sizeof(dx_technology); only its first field (id) is read


def technologies() -> List[str]:
    """Ids of the built-in technology catalogue, in catalogue order."""
    buf = ctypes.create_string_buffer(_TECH_BUF_BYTES)
    ids = []
    for i in range(_tcount()):
        _tget(i, buf)
        ids.append(buf.value.decode())  # dx_technology.id is the first field
    return ids
