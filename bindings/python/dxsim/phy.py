"""PHY models of libdxsim (include/dxsim/phy.h): from SINR to bit/s per technology.

    from dxsim import phy
    phy.wifi_rate_mbps("ax", 11, 80, nss=2)                 # 1200.98 Mbit/s (HE, 0.8 us GI)
    phy.wifi_rate_mbps("ah", 10, 1)                        # 0.15 (S1G MCS 10, normal GI 8 us)
    phy.lora_time_on_air_s(7, 125e3, 23)                   # 0.061696 s
    phy.lorawan_max_payload_bytes(2)                       # 11 bytes with the 400 ms dwell limit
    phy.nr_n_rb(100, 30)                                   # 273
    phy.nr_max_rate_mbps(100, 30, 4, 8)                    # 2337.0 (TS 38.306, FR1 DL overhead)
    phy.tdd_shares("DDDSUUDDDD")                           # (0.743, 0.229)
    phy.throughput_mbps("l5g-sub6", [0, 10, 20], direction="dl")
    phy.arib_max_messages_per_hour(0.2873, "short")        # 1253.0 (360 s/hour budget)

Units are in the names (_mbps, _db, _s, _hz). The throughput model of each
technology is described in docs/throughput-model.md. Errors raise DxError with
the C message (DX_EDOMAIN for values outside the standards' tables, DX_EREFUSED
for a transmission longer than the ARIB rule allows).
"""
from __future__ import annotations

import ctypes
from typing import Any, Dict, List, Optional, Sequence, Tuple

from . import _args
from ._args import c_int as _ci
from ._args import ArrayLike
from ._lib import DxError, c_double_p, declare, lib
from ._args import broadcast, dbl_array, out_array, restore_shape

_r = _args.real  # a float from any real number; strings, None and arrays refused

__all__ = ["wifi_rate_mbps", "wifi_sensitivity_dbm", "wifi_required_sinr_db",
           "wifi_mac_efficiency_ratio", "lora_time_on_air_s", "lora_demod_snr_db",
           "lora_sensitivity_dbm", "lorawan_dr", "lorawan_max_payload_bytes",
           "arib_max_messages_per_hour", "nr_n_rb", "nr_mcs", "nr_cqi", "nr_max_rate_mbps",
           "nr_mcs_required_sinr_db", "nr_mcs_from_sinr", "nr_cqi_from_sinr", "tdd_shares",
           "shannon_attenuated_bps_per_hz", "throughput_mbps", "peak_rate_mbps",
           "required_sinr_db", "ltem_coverage_class", "lorawan_max_app_rate_bps",
           "regulatory_duty_ratio", "technology_struct", "DxError"]

_d, _i, _u, _sz, _s = ctypes.c_double, ctypes.c_int, ctypes.c_uint, ctypes.c_size_t, ctypes.c_char_p
_dp, _ip = ctypes.POINTER(ctypes.c_double), ctypes.POINTER(ctypes.c_int)


class _McsEntry(ctypes.Structure):
    _fields_ = [("qm", _i), ("code_rate_x1024", _d), ("spectral_efficiency", _d)]


class _MacOptions(ctypes.Structure):
    _fields_ = [("version", _u), ("mpdu_bytes", _d), ("ampdu_max_mpdus", _i),
                ("max_ppdu_s", _d), ("n_stations", _i)]


class _Technology(ctypes.Structure):
    """dx_technology of include/dxsim/technology.h, in C field order."""
    _fields_ = [
        ("id", ctypes.c_char * 32), ("name", ctypes.c_char * 96),
        ("family", _i), ("power_regime", _i),
        ("fc_hz", _d), ("f_min_hz", _d), ("f_max_hz", _d), ("bw_hz", _d),
        ("n_bw_options", _sz), ("bw_options_hz", _d * 8), ("scs_khz", _d),
        ("channels_available", _i), ("indoor_only", _i), ("subscription_only", _i),
        ("licensed", _i),
        ("bs_tx_power_dbm", _d), ("bs_antenna_gain_dbi", _d), ("bs_cable_loss_db", _d),
        ("bs_noise_figure_db", _d), ("bs_height_m", _d), ("sectors", _i),
        ("max_eirp_dbm", _d), ("max_tx_power_dbm", _d),
        ("ue_tx_power_dbm", _d), ("ue_antenna_gain_dbi", _d), ("ue_noise_figure_db", _d),
        ("ue_height_m", _d),
        ("mimo_layers_dl", _i), ("mimo_layers_ul", _i), ("max_qm", _i), ("nr_mcs_table", _i),
        ("tdd_pattern", ctypes.c_char * 16), ("tdd_special", ctypes.c_char * 16),
        ("gi_us", _d), ("lora_sf_min", _i), ("lora_sf_max", _i),
        ("dwell_time_s", _d), ("max_coupling_loss_db", _d),
        ("nominal_dl_bps", _d), ("nominal_ul_bps", _d),
    ]


_TechP = ctypes.POINTER(_Technology)

_find = declare("dx_technology_find", _i, [_s, ctypes.c_void_p])
_get = declare("dx_technology_get", _i, [_sz, ctypes.c_void_p])
_count = declare("dx_technology_count", _sz, [])
_wifi_rate = declare("dx_phy_wifi_rate_mbps", _i, [_i, _i, _d, _i, _d, _dp])
_wifi_sens = declare("dx_phy_wifi_sensitivity_dbm", _i, [_i, _i, _d, _dp])
_wifi_req = declare("dx_phy_wifi_required_sinr_db", _i, [_i, _i, _d, _dp])
_mac_init = declare("dx_phy_wifi_mac_options_init", _i, [ctypes.POINTER(_MacOptions), _u])
_mac_size = declare("dx_phy_wifi_mac_options_size", _sz, [])
_mac_eff = declare("dx_phy_wifi_mac_efficiency_ratio", _i,
                   [_i, _d, ctypes.POINTER(_MacOptions), _dp])
_toa = declare("dx_phy_lora_time_on_air_s", _i, [_i, _d, _i, _i, _i, _i, _i, _i, _dp])
_demod = declare("dx_phy_lora_demod_snr_db", _i, [_i, _dp])
_lsens = declare("dx_phy_lora_sensitivity_dbm", _i, [_i, _d, _d, _dp])
_dr = declare("dx_phy_lorawan_dr", _i, [_i, _s, _ip, _dp])
_maxpl = declare("dx_phy_lorawan_max_payload_bytes", _i, [_i, _i, _s, _ip])
_arib = declare("dx_phy_arib_max_messages_per_hour", _i, [_d, _i, _dp])
_nrb = declare("dx_phy_nr_n_rb", _i, [_d, _d, _ip])
_mcs = declare("dx_phy_nr_mcs", _i, [_i, _i, ctypes.POINTER(_McsEntry)])
_cqi = declare("dx_phy_nr_cqi", _i, [_i, _i, ctypes.POINTER(_McsEntry)])
_nrmax = declare("dx_phy_nr_max_rate_mbps", _i, [_d, _d, _i, _i, _d, _d, _i, _d, _dp])
_tdd = declare("dx_phy_tdd_shares", _i, [_s, _s, _dp, _dp])
_mcs_req = declare("dx_phy_nr_mcs_required_sinr_db", _i, [_i, _i, _dp])
_mcs_from = declare("dx_phy_nr_mcs_from_sinr", _i, [_i, _i, _d, _ip])
_cqi_from = declare("dx_phy_nr_cqi_from_sinr", _i, [_i, _d, _ip])
_shannon = declare("dx_phy_shannon_attenuated_bps_per_hz", _i, [_i, _sz, c_double_p, c_double_p])
_thr = declare("dx_phy_throughput_mbps", _i, [_TechP, _i, _sz, c_double_p, c_double_p])
_peak = declare("dx_phy_peak_rate_mbps", _i, [_TechP, _i, _dp])
_req = declare("dx_phy_required_sinr_db", _i, [_TechP, _i, _d, _dp])
_ce = declare("dx_phy_ltem_coverage_class", _i, [_TechP, _d, _ip, _dp])
_apprate = declare("dx_phy_lorawan_max_app_rate_bps", _i, [_i, _i, _i, _dp, _dp])
_duty = declare("dx_phy_regulatory_duty_ratio", _i, [_TechP, _dp])

_STD = {"ax": 0, "he": 0, "be": 1, "eht": 1, "ah": 2, "s1g": 2}
_DIR = {"dl": 0, "ul": 1}
_ARIB = {"long": 0, "5ms": 0, "short": 1, "128us": 1}
_CE = {-1: "out", 0: "normal", 1: "ce-mode-a", 2: "ce-mode-b"}

_sentinel = 0x5A
_pad = 512
# Layout check of the mirrored dx_technology: the C library must not write past it.
_probe = (ctypes.c_ubyte * (ctypes.sizeof(_Technology) + _pad))(*([_sentinel] * (ctypes.sizeof(_Technology) + _pad)))
if _count() > 0:
    _get(0, ctypes.cast(_probe, ctypes.c_void_p))
    if any(b != _sentinel for b in _probe[ctypes.sizeof(_Technology):]):
        raise ImportError("dxsim.phy: dx_technology layout of the library is larger than the "
                          "binding's mirror (include/dxsim/technology.h changed)")


def _std(standard):
    try:
        return _STD[str(standard).lower()]
    except KeyError:
        raise ValueError(f"standard = {standard!r} (allowed 'ax', 'be', 'ah')") from None


def _dir(direction):
    try:
        return _DIR[str(direction).lower()]
    except KeyError:
        raise ValueError(f"direction = {direction!r} (allowed 'dl', 'ul')") from None


def _one(fn, *args):
    out = _d()
    fn(*args, ctypes.byref(out))
    return out.value


def technology_struct(technology: str, bw_mhz: Optional[float] = None) -> Any:
    """The catalogue profile `technology` (id string) as a ctypes dx_technology, optionally
    with another channel bandwidth (MHz). A _Technology instance is returned unchanged."""
    if isinstance(technology, _Technology):
        t = technology
    else:
        t = _Technology()
        _find(str(technology).encode(), ctypes.byref(t))
    if bw_mhz is not None:
        t.bw_hz = _r(bw_mhz, "bw_mhz") * 1e6
    return t


# ---- Wi-Fi ----

def wifi_rate_mbps(standard: str, mcs: int, bw_mhz: float, nss: int = 1,
                   gi_us: Optional[float] = None) -> float:
    """PHY rate (Mbit/s) of 802.11ax ("ax"), 802.11be ("be") or 802.11ah ("ah") from first
    principles. gi_us: 0.8 (default), 1.6, 3.2 for ax/be; 8.0 (default, normal) or 4.0 (short) for ah."""
    s = _std(standard)
    if gi_us is None:
        gi_us = 8.0 if s == 2 else 0.8
    return _one(_wifi_rate, s, _ci(mcs, "mcs"), _r(bw_mhz, "bw_mhz"), _ci(nss, "nss"),
                _r(gi_us, "gi_us"))


def wifi_sensitivity_dbm(standard: str, mcs: int, bw_mhz: float) -> float:
    """Receiver minimum input sensitivity of the standard (dBm)."""
    return _one(_wifi_sens, _std(standard), _ci(mcs, "mcs"), _r(bw_mhz, "bw_mhz"))


def wifi_required_sinr_db(standard: str, mcs: int, bw_mhz: float) -> float:
    """SINR (dB) needed by the MCS, from the standard's sensitivity (NF 10 dB convention)."""
    return _one(_wifi_req, _std(standard), _ci(mcs, "mcs"), _r(bw_mhz, "bw_mhz"))


def wifi_mac_efficiency_ratio(standard: str, phy_rate_mbps: float,
                              mpdu_bytes: Optional[float] = None,
                              ampdu_max_mpdus: Optional[int] = None,
                              max_ppdu_s: Optional[float] = None,
                              n_stations: Optional[int] = None) -> float:
    """MAC efficiency (ratio 0..1) of saturated A-MPDU transfers at phy_rate_mbps (Mbit/s);
    mpdu_bytes (bytes), max_ppdu_s (s) (model in docs/throughput-model.md).
    None keeps the library default of each option."""
    o = _MacOptions()
    _mac_init(ctypes.byref(o), 1)
    if mpdu_bytes is not None:
        o.mpdu_bytes = _r(mpdu_bytes, "mpdu_bytes")
    if ampdu_max_mpdus is not None:
        o.ampdu_max_mpdus = _ci(ampdu_max_mpdus, "ampdu_max_mpdus")
    if max_ppdu_s is not None:
        o.max_ppdu_s = _r(max_ppdu_s, "max_ppdu_s")
    if n_stations is not None:
        o.n_stations = _ci(n_stations, "n_stations")
    return _one(_mac_eff, _std(standard), _r(phy_rate_mbps, "phy_rate_mbps"), ctypes.byref(o))


# ---- LoRa ----

def lora_time_on_air_s(sf: int, bw_hz: float, payload_bytes: int, coding_rate: int = 1,
                       preamble_symbols: int = 8, explicit_header: bool = True, crc: bool = True,
                       low_data_rate_optimize: Optional[bool] = None) -> float:
    """LoRa time on air (s), Semtech AN1200.13. coding_rate 1..4 = 4/5..4/8;
    low_data_rate_optimize None = automatic (on when the symbol lasts >= 16 ms)."""
    ldro = -1 if low_data_rate_optimize is None else (1 if low_data_rate_optimize else 0)
    return _one(_toa, _ci(sf, "sf"), _r(bw_hz, "bw_hz"), _ci(payload_bytes, "payload_bytes"),
                _ci(coding_rate, "coding_rate"), _ci(preamble_symbols, "preamble_symbols"),
                1 if explicit_header else 0, 1 if crc else 0, ldro)


def lora_demod_snr_db(sf: int) -> float:
    """Demodulation SNR floor (dB) of spreading factor sf (SX1276 Table 13)."""
    return _one(_demod, _ci(sf, "sf"))


def lora_sensitivity_dbm(sf: int, bw_hz: float, noise_figure_db: float = 6.0) -> float:
    """LoRa sensitivity (dBm) = -174 + 10 log10(BW) + NF + SNR floor."""
    return _one(_lsens, _ci(sf, "sf"), _r(bw_hz, "bw_hz"), _r(noise_figure_db, "noise_figure_db"))


def lorawan_dr(dr: int, region: str = "AS923") -> Tuple[int, float]:
    """(spreading factor, bandwidth Hz) of LoRaWAN data rate dr; (0, 0.0) for FSK."""
    sf, bw = _i(), _d()
    _dr(_ci(dr, "dr"), region.encode() if region else None, ctypes.byref(sf), ctypes.byref(bw))
    return sf.value, bw.value


def lorawan_max_payload_bytes(dr: int, dwell_time_limited: bool = True,
                              region: str = "AS923") -> int:
    """Maximum application payload (bytes) of data rate dr; 0 = not allowed."""
    n = _i()
    _maxpl(_ci(dr, "dr"), 1 if dwell_time_limited else 0, region.encode() if region else None,
           ctypes.byref(n))
    return n.value


def arib_max_messages_per_hour(time_on_air_s: float, carrier_sense: str = "short") -> float:
    """Largest number of transmissions per hour under ARIB STD-T108: carrier_sense "short"
    (128 us CS: <= 400 ms each, 2 ms pause, 360 s/hour) or "long" (5 ms CS: <= 4 s, 50 ms pause)."""
    try:
        mode = _ARIB[str(carrier_sense).lower()]
    except KeyError:
        raise ValueError(f"carrier_sense = {carrier_sense!r} (allowed 'short', 'long')") from None
    return _one(_arib, _r(time_on_air_s, "time_on_air_s"), mode)


def lorawan_max_app_rate_bps(dr: int, dwell_time_limited: bool = True,
                             carrier_sense: str = "short") -> Any:
    """(application bit/s, messages per hour) of one AS923 device sending maximum-size uplinks
    at data rate dr as often as ARIB STD-T108 allows (DX_EREFUSED if a frame is too long)."""
    try:
        mode = _ARIB[str(carrier_sense).lower()]
    except KeyError:
        raise ValueError(f"carrier_sense = {carrier_sense!r} (allowed 'short', 'long')") from None
    b, n = _d(), _d()
    _apprate(_ci(dr, "dr"), 1 if dwell_time_limited else 0, mode, ctypes.byref(b), ctypes.byref(n))
    return b.value, n.value


def regulatory_duty_ratio(technology: str) -> float:
    """Fraction (ratio 0..1) of time the profile may transmit under Japanese rules (0.1 for 920 MHz
    ARIB Type B profiles, else 1). Not applied by throughput_mbps."""
    t = technology_struct(technology)
    return _one(_duty, ctypes.byref(t))


# ---- NR ----

def nr_n_rb(bw_mhz: float, scs_khz: float) -> float:
    """N_RB (resource blocks) of TS 38.101-1/-2 Table 5.3.2-1 for a channel of bw_mhz (MHz)
    at sub-carrier spacing scs_khz (kHz)."""
    n = _i()
    _nrb(_r(bw_mhz, "bw_mhz"), _r(scs_khz, "scs_khz"), ctypes.byref(n))
    return n.value


def _entry(fn, table, index):
    e = _McsEntry()
    fn(_ci(table, "table"), _ci(index, "index"), ctypes.byref(e))
    return {"qm": e.qm, "code_rate_x1024": e.code_rate_x1024,
            "spectral_efficiency": e.spectral_efficiency}


def nr_mcs(table: int, index: int) -> Any:
    """TS 38.214 MCS table 1..3 row: dict(qm, code_rate_x1024, spectral_efficiency)."""
    return _entry(_mcs, table, index)


def nr_cqi(table: int, index: int) -> Any:
    """TS 38.214 CQI table 1..2 row (index 1..15): dict(qm, code_rate_x1024, spectral_efficiency)."""
    return _entry(_cqi, table, index)


def nr_max_rate_mbps(bw_mhz: float, scs_khz: float, layers: int, qm: int, scaling: float = 1.0,
                     overhead: Optional[float] = None, tdd_share: float = 1.0,
                     direction: str = "dl") -> float:
    """TS 38.306 §4.1.2 approximate data rate (Mbit/s) of a carrier of bw_mhz (MHz) at
    sub-carrier spacing scs_khz (kHz), `layers` MIMO layers, modulation order qm (bits),
    scaling factor f (ratio, 1.0) and tdd_share (ratio of time in this direction).
    overhead (ratio) None uses the standard's value for the frequency range and direction
    (FR1 DL 0.14, FR2 DL 0.18, FR1 UL 0.08, FR2 UL 0.10)."""
    oh = -1.0 if overhead is None else _r(overhead, "overhead")
    return _one(_nrmax, _r(bw_mhz, "bw_mhz"), _r(scs_khz, "scs_khz"), _ci(layers, "layers"),
                _ci(qm, "qm"),
                _r(scaling, "scaling"), oh,
                _dir(direction), _r(tdd_share, "tdd_share"))


def nr_mcs_required_sinr_db(table: int, index: int) -> float:
    """SINR (dB) the MCS needs at the 10 % BLER target of the library's link abstraction."""
    return _one(_mcs_req, _ci(table, "table"), _ci(index, "index"))


def nr_mcs_from_sinr(table: int, sinr_db: float, max_qm: int = 0) -> float:
    """Highest MCS index whose SINR need is met (-1 if none), capped at modulation order max_qm."""
    n = _i()
    _mcs_from(_ci(table, "table"), _ci(max_qm, "max_qm"), _r(sinr_db, "sinr_db"), ctypes.byref(n))
    return n.value


def nr_cqi_from_sinr(table: int, sinr_db: float) -> float:
    """Highest CQI (1..15) whose SINR need is met; 0 = out of range."""
    n = _i()
    _cqi_from(_ci(table, "table"), _r(sinr_db, "sinr_db"), ctypes.byref(n))
    return n.value


def tdd_shares(pattern: str, special: str = "6:4:4") -> Any:
    """(dl_share, ul_share) ratios (0..1) of an NR TDD frame: (full slots + S symbols/14) /
    slots; pattern such as "DDDSU", special the S slot's DL:GP:UL symbols."""
    dl, ul = _d(), _d()
    _tdd(_args.text(pattern, "pattern"),
         _args.text(special, "special") if special else None, ctypes.byref(dl),
         ctypes.byref(ul))
    return dl.value, ul.value


# ---- SINR -> throughput ----

def shannon_attenuated_bps_per_hz(sinr_db: ArrayLike, direction: str = "dl") -> Any:
    """TR 36.942 Annex A attenuated Shannon bound (bit/s/Hz); scalars or sequences."""
    (vals,), shape = broadcast(sinr_db=sinr_db)
    out = out_array(len(vals))
    _shannon(_dir(direction), len(vals), dbl_array(vals), out)
    return restore_shape(out[:len(vals)], shape)


def throughput_mbps(technology: str, sinr_db: ArrayLike, bw_mhz: Optional[ArrayLike] = None,
                    direction: str = "dl") -> Any:
    """Achievable user throughput (Mbit/s) of a catalogued technology (id such as "wifi7",
    "l5g-sub6", "halow", "lorawan-as923", "ltem-carrier") at each SINR (dB); 0 below the
    lowest MCS. bw_mhz (MHz) overrides the profile's channel bandwidth; it broadcasts
    against sinr_db (numpy rules)."""
    base = technology_struct(technology)
    if bw_mhz is None:
        (vals,), shape = broadcast(sinr_db=sinr_db)
        out = out_array(len(vals))
        _thr(ctypes.byref(base), _dir(direction), len(vals), dbl_array(vals), out)
        return restore_shape(out[:len(vals)], shape)
    (vals, bws), shape = broadcast(sinr_db=sinr_db, bw_mhz=bw_mhz)
    res = [0.0] * len(vals)
    for bw in sorted(set(bws), key=repr):  # one C call per distinct bandwidth
        t = technology_struct(_Technology.from_buffer_copy(base), bw)
        idx = [i for i, b in enumerate(bws) if b == bw or (b != b and bw != bw)]
        out = out_array(len(idx))
        _thr(ctypes.byref(t), _dir(direction), len(idx), dbl_array([vals[i] for i in idx]), out)
        for k, i in enumerate(idx):
            res[i] = out[k]
    return restore_shape(res, shape)


def peak_rate_mbps(technology: str, direction: str = "dl",
                   bw_mhz: Optional[float] = None) -> float:
    """Peak throughput (Mbit/s) of the technology in the direction."""
    t = technology_struct(technology, bw_mhz)
    return _one(_peak, ctypes.byref(t), _dir(direction))


def required_sinr_db(technology: str, rate_mbps: float, direction: str = "dl",
                     bw_mhz: Optional[float] = None) -> float:
    """Lowest SINR (dB) at which the technology reaches rate_mbps (DxError DX_EDOMAIN above peak)."""
    t = technology_struct(technology, bw_mhz)
    return _one(_req, ctypes.byref(t), _dir(direction), _r(rate_mbps, "rate_mbps"))


def ltem_coverage_class(technology: str, coupling_loss_db: float) -> Any:
    """(class, rate_scale_ratio) of a carrier LTE-M profile: class is "normal", "ce-mode-a",
    "ce-mode-b" or "out"."""
    t = technology_struct(technology)
    c, r = _i(), _d()
    _ce(ctypes.byref(t), _r(coupling_loss_db, "coupling_loss_db"), ctypes.byref(c), ctypes.byref(r))
    return _CE[c.value], r.value


if _mac_size() != ctypes.sizeof(_MacOptions):  # pragma: no cover - layout guard
    raise ImportError("dxsim.phy: dx_phy_wifi_mac_options layout mismatch")
