"""dxsim.cost: layouts, price book, BOM per technology, hand-computed cash flows."""
import unittest

from dxsim import DxError, cost, finance


class TestCost(unittest.TestCase):
    def test_pricebook_builtin_has_classes_and_sources(self):
        prices = cost.builtin_prices()
        self.assertGreaterEqual(len(prices), 40)
        by_key = {p["key"]: p for p in prices}
        # domain-japan §1.4: 370 JPY/terminal/year, FIRM
        self.assertEqual(by_key["l5g.fee.terminal"]["value"], 370)
        self.assertEqual(by_key["l5g.fee.terminal"]["value_class"], "FIRM")
        # domain-japan §9: every equipment price ASSUMED
        self.assertEqual(by_key["lora.gw"]["value_class"], "ASSUMED")
        self.assertTrue(all(p["source"] for p in prices))

    def test_override_and_bom_use_it(self):
        with cost.PriceBook.builtin() as book:
            book.override("lora.gw", 99000, source="quote 2026-05")
            self.assertEqual(book.find("lora.gw")["value_class"], "INDICATIVE")
            items = cost.bom("lorawan-as923", {"n_sites": 3, "n_devices": 120, "outdoor": True},
                             book=book)
        gw = [i for i in items if i["price_key"] == "lora.gw"][0]
        self.assertEqual(gw["unit_price_jpy"], 99000)
        self.assertEqual(gw["source"], "quote 2026-05")
        with cost.PriceBook.builtin() as book:
            with self.assertRaises(DxError) as cm:
                book.override("nope", 1)
            self.assertEqual(cm.exception.name, "DX_ENOTFOUND")

    def test_ltem_bom_has_no_radios(self):
        items = cost.bom("ltem-carrier", {"n_sites": 4, "n_devices": 238, "outdoor": True})
        keys = {i["price_key"] for i in items}
        self.assertIn("ltem.module", keys)
        self.assertIn("ltem.connectivity", keys)
        self.assertFalse(any(k.startswith(("site.", "install.", "backhaul")) for k in keys))

    def test_bom_items_feed_programme_compatible_dicts(self):
        items = cost.bom("l5g-sub6", {"n_sites": 1, "sectors_per_site": 3, "n_devices": 5,
                                      "outdoor": True}, programme_compatible=True)
        self.assertTrue(all("value_class" not in i for i in items))
        cats = {i["category"] for i in items}
        self.assertIn("radio-usage-fee", cats)
        self.assertIn("cloud", cats)   # 5GC as a cloud service by default

    def test_name_tuples_follow_the_c_enums(self):
        # include/dxsim/cost.h: DX_COST_CAT_EQUIPMENT = 0 ... DX_COST_CAT_OTHER = 12
        self.assertEqual(len(cost.CATEGORIES), 13)
        self.assertEqual(cost.CATEGORIES.index("licence-application-fee"), 10)
        self.assertEqual(cost.CATEGORIES[-1], "other")
        self.assertEqual(cost.PROCUREMENTS.index("service"), 3)
        self.assertEqual(cost.ROLES.index("solution"), 1)
        self.assertEqual(cost.VALUE_CLASSES.index("ASSUMED"), 2)

    def test_cash_flows_by_hand(self):
        items = [{"name": "radio", "category": "equipment", "unit_price_jpy": 1_000_000,
                  "quantity": 2, "useful_life_years": 10},
                 {"name": "fibre", "category": "communications", "unit_price_jpy": 8000}]
        cf = cost.cash_flows(items)
        # 2 x 1,000,000 x 1.1 + 8000 x 12 x 1.1 in year 0, then 105,600 per year
        self.assertAlmostEqual(cf[0], 2_200_000 + 105_600, delta=1e-6)
        self.assertEqual(len(cf), 5)
        cf = cost.cash_flows(items[1:], start_year=2026, start_month=10)  # fiscal years
        self.assertEqual(len(cf), 6)
        self.assertAlmostEqual(cf[0], 6 * 8800, delta=1e-6)
        s = cost.summarise(items, {"area_km2": 2.385, "n_devices": 45})
        self.assertAlmostEqual(s["npv_cost_jpy"], finance.npv(0.04, cost.cash_flows(items)),
                               delta=1e-6)
        self.assertAlmostEqual(s["cost_per_km2_jpy"], s["npv_cost_jpy"] / 2.385, delta=1e-6)
        with self.assertRaises(ValueError):
            cost.cash_flows(items, horizon=3)

    def test_lease_factor_and_draws(self):
        self.assertEqual(cost.lease_rate_factor(5), 0.01789)   # domain-japan §5
        items = cost.bom("halow", {"n_radios": 6, "n_sites": 6, "n_devices": 30})
        m = [0 if i["category"] == "equipment" else -1 for i in items]
        npv = cost.npv_draws(items, m, [[1.0], [1.3]], rates=[0.04, 0.04])
        self.assertAlmostEqual(npv[0], finance.npv(0.04, cost.cash_flows(items)), delta=1e-6)
        self.assertGreater(npv[1], npv[0])

    def test_short_term_rental(self):
        # term rates of sooki.co.jp/irental/howtorental/price: 3 months 80 %, 12 months 53 %
        self.assertEqual(cost.rental_term_rate(3), 0.80)
        self.assertEqual(cost.rental_term_rate(12), 0.53)
        with self.assertRaises(cost.DxError):
            cost.rental_term_rate(0)
        h = cost.hire_terms({"rental_months": 3})
        self.assertEqual((h["months"], h["rental"]), (3, True))
        self.assertAlmostEqual(h["factor_per_month"], 0.06 * 0.80, places=12)  # ASSUMED 0.06
        self.assertEqual(cost.hire_terms({"horizon_years": 4})["factor_per_month"], 0.02223)
        items = cost.bom("lorawan-as923", {"n_sites": 1, "n_devices": 5, "outdoor": 1,
                                            "rental_months": 3, "horizon_years": 0.25}, "lease")
        gw = [i for i in items if i["name"].startswith("LoRaWAN outdoor gateway")]
        self.assertTrue(gw and "(short-term rental)" in gw[0]["name"], [i["name"] for i in items])
        self.assertEqual(gw[0]["months"], 3)

    def test_lease_payment_and_total_comparison(self):
        r = 0.02 / 12   # by hand: P r / ((1 + r)(1 - (1 + r)^-60)), payments in advance
        self.assertAlmostEqual(cost.lease_payment(2385000, 5, 0.02),
                               2385000 * r / ((1 + r) * (1 - (1 + r) ** -60)), delta=1e-6)
        pv = cost.compare_procurement("wifi7", {"n_radios": 12, "n_sites": 12})
        self.assertEqual(set(pv), {"purchase", "lease", "subscription"})
        self.assertGreater(pv["purchase"], 0)

    def test_depreciation_of_items_tkc_example(self):
        # TKC出版 worked example (200 % 定率法, 1,000,000 JPY, 10 years), first five years
        dep = cost.depreciation([{"name": "radio", "category": "equipment", "unit_price_jpy": 1e6,
                                  "tax_included": True, "useful_life_years": 10}])
        self.assertEqual([round(x) for x in dep], [200000, 160000, 128000, 102400, 81920])


if __name__ == "__main__":
    unittest.main()
