"""dxsim.phy and dxsim.link against the same independent vectors as the C tests
(tests/data/phy_*.csv name their sources) plus the issue's worked examples."""
import csv
import math
import os
import unittest

from dxsim import DxError, link, phy

DATA = os.environ.get("DXSIM_TEST_DATA",
                      os.path.join(os.path.dirname(__file__), "..", "..", "..", "tests", "data"))


def rows(name):
    with open(os.path.join(DATA, name), newline="") as f:
        return list(csv.DictReader(line for line in f if not line.startswith("#")))


class WiFi(unittest.TestCase):
    def test_rates_match_linux_cfg80211(self):
        for r in rows("phy_wifi_rates.csv"):
            got = phy.wifi_rate_mbps(r["standard"], int(r["mcs"]), float(r["bw_mhz"]),
                                     nss=int(r["nss"]), gi_us=float(r["gi_us"]))
            exp = float(r["expected_mbps"])
            self.assertLessEqual(abs(got - exp), 0.1 + 2e-4 * exp, r)

    def test_default_guard_interval_depends_on_the_standard(self):
        self.assertAlmostEqual(phy.wifi_rate_mbps("ah", 10, 1), 0.15, places=12)
        self.assertAlmostEqual(phy.wifi_rate_mbps("ax", 11, 20), 234 * 10 * 5 / 6 / 13.6, places=9)

    def test_s1g_2mhz_mcs9_single_stream_is_refused(self):
        with self.assertRaises(DxError) as cm:
            phy.wifi_rate_mbps("ah", 9, 2)
        self.assertEqual(cm.exception.name, "DX_EDOMAIN")
        self.assertIn("N_DBPS", cm.exception.message)

    def test_mac_efficiency_below_one(self):
        e = phy.wifi_mac_efficiency_ratio("be", 5764.7)
        self.assertTrue(0.5 < e < 1.0)
        self.assertLess(phy.wifi_mac_efficiency_ratio("be", 5764.7, ampdu_max_mpdus=1), 0.1)


class LoRa(unittest.TestCase):
    def test_time_on_air_matches_ns3_and_ttn(self):
        for r in rows("phy_lora_toa.csv"):
            ldro = int(r["ldro"])
            t = phy.lora_time_on_air_s(int(r["sf"]), float(r["bw_hz"]), int(r["payload_bytes"]),
                                       coding_rate=int(r["coding_rate"]),
                                       preamble_symbols=int(r["preamble"]),
                                       explicit_header=r["explicit_header"] == "1",
                                       crc=r["crc"] == "1",
                                       low_data_rate_optimize=None if ldro < 0 else bool(ldro))
            self.assertLessEqual(abs(t - float(r["expected_s"])), float(r["tol_s"]), r)

    def test_as923_payloads_match_loramac_node(self):
        for r in rows("phy_lorawan_as923.csv"):
            dr = int(r["dr"])
            self.assertEqual(phy.lorawan_dr(dr, r["region"]), (int(r["sf"]), float(r["bw_hz"])))
            self.assertEqual(phy.lorawan_max_payload_bytes(dr, False, r["region"]),
                             int(r["max_payload_dwell0"]))
            self.assertEqual(phy.lorawan_max_payload_bytes(dr, True, r["region"]),
                             int(r["max_payload_dwell1"]))

    def test_app_rate_and_duty(self):
        bps, n = phy.lorawan_max_app_rate_bps(2)
        self.assertEqual(n, 971)  # floor(360 / 0.370688 s), worked in tests/test_phy.c
        self.assertAlmostEqual(bps, 11 * 8 * 971 / 3600, places=9)
        self.assertEqual(phy.regulatory_duty_ratio("halow"), 0.1)
        self.assertEqual(phy.regulatory_duty_ratio("wifi7"), 1.0)

    def test_arib_budget_and_refusal(self):
        self.assertEqual(phy.arib_max_messages_per_hour(0.2873, "short"), 1253)
        self.assertEqual(phy.arib_max_messages_per_hour(1.5, "long"), 2315)
        with self.assertRaises(DxError) as cm:
            phy.arib_max_messages_per_hour(0.5, "short")
        self.assertEqual(cm.exception.name, "DX_EREFUSED")


class NR(unittest.TestCase):
    def test_tables(self):
        for r in rows("phy_nr_rb.csv"):
            self.assertEqual(phy.nr_n_rb(float(r["bw_mhz"]), float(r["scs_khz"])), int(r["n_rb"]))
        for r in rows("phy_nr_mcs.csv"):
            fn = phy.nr_mcs if r["kind"] == "mcs" else phy.nr_cqi
            e = fn(int(r["table"]), int(r["index"]))
            self.assertEqual(e["qm"], int(r["qm"]))
            self.assertEqual(e["code_rate_x1024"], float(r["code_rate_x1024"]))

    def test_peak_rate_worked_by_hand(self):
        # 1e-6 * 4 * 8 * 948/1024 * 273*12 / (1e-3/28) * (1 - 0.14) = 2337.0 Mbit/s
        self.assertAlmostEqual(phy.nr_max_rate_mbps(100, 30, 4, 8), 2337.0, delta=0.05)
        dl, ul = phy.tdd_shares("DDDSUUDDDD")
        self.assertAlmostEqual(phy.nr_max_rate_mbps(100, 30, 4, 8, tdd_share=dl),
                               2337.0 * (7 + 6 / 14) / 10, delta=0.05)
        self.assertAlmostEqual(ul, (2 + 4 / 14) / 10, places=12)

    def test_throughput_rises_with_sinr(self):
        out = phy.throughput_mbps("l5g-sub6", [-10, 0, 10, 20, 30, 40])
        self.assertEqual(out[0], 0.0)
        self.assertEqual(out, sorted(out))
        # rank adaptation: 4 layers need the top MCS's SINR + 10 log10(4) dB (35.9 dB)
        self.assertLess(out[-2], phy.peak_rate_mbps("l5g-sub6"))
        self.assertAlmostEqual(out[-1], phy.peak_rate_mbps("l5g-sub6"), places=9)
        self.assertLess(phy.peak_rate_mbps("l5g-sub6", "dl", bw_mhz=40),
                        phy.peak_rate_mbps("l5g-sub6"))
        with self.assertRaises(DxError):
            phy.required_sinr_db("l5g-sub6", 1e6)


class Link(unittest.TestCase):
    def test_noise_and_mapl(self):
        self.assertAlmostEqual(link.thermal_noise_dbm(20e6, 7), -93.99, delta=0.03)
        self.assertEqual(len(link.thermal_noise_dbm([20e6, 1e6], 7)), 2)
        self.assertAlmostEqual(link.max_path_loss_db(tx_power_dbm=23, bandwidth_hz=180e3,
                                                     noise_figure_db=5, required_sinr_db=-16.25),
                               155.7, delta=0.05)
        with self.assertRaises(TypeError):
            link.max_path_loss_db(tx_power_w=1)

    def test_power_rules(self):
        link.check_power_limit("wifi6e-vlp", 11, 3, outdoor=True)
        for tech, p, g, out in (("wifi6e-lpi", 20, 3, True), ("halow", 14, 0, True),
                                ("lorawan-as923", 13, 5, True), ("wifi6e-vlp", 12, 3, False)):
            with self.assertRaises(DxError) as cm:
                link.check_power_limit(tech, p, g, outdoor=out)
            self.assertEqual(cm.exception.name, "DX_EREFUSED")
            self.assertIn("domain-japan", cm.exception.message)

    def test_antenna(self):
        self.assertEqual(link.antenna_gain_dbi([0, 32.5, 180], [90, 90, 90]), [8.0, 5.0, -22.0])
        g = link.antenna_gain_dbi(45, 95, kind="table", max_gain_dbi=12,
                                  h_cut=[(-180, -25), (0, 0), (180, -25)],
                                  v_cut=[(0, -20), (90, 0), (180, -20)])
        self.assertAlmostEqual(g, 12 - 25 * 45 / 180 - 20 * 5 / 90, places=12)


if __name__ == "__main__":
    unittest.main()
