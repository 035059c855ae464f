"""dxsim.programme against the MIC R7 briefing rules (mic-briefing-2025.txt, domain-japan.md §5/§6).

Expected amounts are hand calculations from the briefing's rules with 10 % consumption tax.
"""
import unittest

from dxsim import DxError, cost, programme


def sensor(price, tax_included=True, **kw):
    d = {"name": f"sensor {price}", "category": "equipment", "procurement": "purchase",
         "unit_price_jpy": price, "tax_included": tax_included, "role": "solution",
         "useful_life_years": 5}
    d.update(kw)
    return d


class DemonstrationRules(unittest.TestCase):
    def one(self, item, menu="r7-2-1"):
        return programme.evaluate(menu, [item], {"type": "company"})["items"][0]

    def test_purchase_threshold_is_strictly_below_100000_tax_included(self):
        # briefing ②-1 対象経費の考え方: 取得単価が税込10万円未満
        for price, ok in ((99999, True), (100000, False), (100001, False)):
            v = self.one(sensor(price))
            self.assertEqual(v["eligible"], ok, v)
            self.assertEqual(v["eligible_jpy"], price if ok else 0.0)
        self.assertEqual(self.one(sensor(99999))["rule"], "r7-2-1/purchase_limit_jpy_incl_tax")
        self.assertEqual(self.one(sensor(100000))["rule"], "r7-2-1/purchase_general")

    def test_state_fee_is_not_taxed(self):
        # 免許申請手数料 2 x 6,500 JPY: 不課税, 13,000 JPY whatever tax_included says
        # (a taxable price of 6,500 tax-excluded would be 2 x 7,150 = 14,300)
        fee = {"name": "licence application fee", "category": "licence-application-fee",
               "procurement": "purchase", "unit_price_jpy": 6500, "quantity": 2}
        self.assertAlmostEqual(self.one(fee)["cost_jpy"], 13000.0, places=6)
        self.assertAlmostEqual(self.one(dict(fee, taxable=True))["cost_jpy"], 14300.0, places=6)
        other = dict(fee, category="labour", procurement="service")
        self.assertAlmostEqual(self.one(dict(other, taxable=False))["cost_jpy"], 13000.0, places=6)

    def test_tax_excluded_95000_is_104500_tax_included_and_ineligible(self):
        v = self.one(sensor(95000, tax_included=False))
        self.assertFalse(v["eligible"])
        self.assertAlmostEqual(v["cost_jpy"], 104500.0, places=6)
        self.assertIn("104500", v["reason"])

    def test_consumable_and_not_leasable_exceptions(self):
        self.assertTrue(self.one(sensor(300000, useful_life_years=0.5))["eligible"])
        self.assertFalse(self.one(sensor(300000, useful_life_years=1.0))["eligible"])
        v = self.one(sensor(2385000, leasable=False, justification="no lessor for buoys"))
        self.assertTrue(v["eligible"])
        self.assertEqual(v["rule"], "r7-2-1/unleasable_with_reason")
        self.assertFalse(self.one(sensor(2385000, leasable=False))["eligible"])

    def test_period_licence_fee_labour_and_running_costs(self):
        lease = {"name": "gNB lease", "category": "lease", "unit_price_jpy": 300000, "months": 6,
                 "role": "network"}
        self.assertAlmostEqual(self.one(lease)["eligible_jpy"], 1980000.0, places=6)
        self.assertFalse(self.one(dict(lease, in_period=False))["eligible"])
        self.assertFalse(self.one({"name": "licence", "category": "licence-application-fee",
                                   "unit_price_jpy": 2900, "tax_included": True})["eligible"])
        for cat in ("labour", "communications", "utilities", "travel"):
            self.assertTrue(self.one({"name": cat, "category": cat, "unit_price_jpy": 48500,
                                      "tax_included": True})["eligible"], cat)

    def test_fixed_amount_subsidy_is_the_full_eligible_cost_with_size_warning(self):
        res = programme.evaluate("r7-2-1", [
            {"name": "L5G as a service", "category": "subscription", "unit_price_jpy": 1e6,
             "tax_included": True, "months": 9, "role": "network"}], {"type": "company"})
        self.assertEqual(res["subsidy_jpy"], res["eligible_total_jpy"])
        self.assertEqual(res["applicant_burden_jpy"], 0.0)
        self.assertTrue(any("size" in w for w in res["warnings"]))
        self.assertTrue(any("公募要領" in w for w in res["warnings"]))

    def test_ai_cap_and_level4_consortium(self):
        big = [{"name": "AI verification", "category": "labour", "unit_price_jpy": 123456789,
                "tax_included": True}]
        res = programme.evaluate("r7-2-2", big, {"type": "company"})
        self.assertEqual(res["subsidy_jpy"], 1e8)
        res = programme.evaluate("r7-2-3", big, {"type": "company"})
        self.assertFalse(res["project_eligible"])
        self.assertEqual(res["subsidy_jpy"], 0.0)
        res = programme.evaluate("r7-2-3", big, {"type": "company",
                                                 "consortium_local_governments": 1})
        self.assertTrue(res["project_eligible"])
        self.assertAlmostEqual(res["subsidy_jpy"], 123456789.0)


class InfrastructureSubsidy(unittest.TestCase):
    NET = {"name": "L5G base station", "category": "equipment", "unit_price_jpy": 8000000,
           "role": "network"}
    SOL = {"name": "AI camera", "category": "equipment", "unit_price_jpy": 120000,
           "quantity": 10, "role": "solution"}

    def test_seven_year_cloud_fee_booked_in_year_one_counts_five_years(self):
        cloud = {"name": "cloud", "category": "cloud", "unit_price_jpy": 10000, "months": 84,
                 "booked_in_first_year": True, "role": "solution"}
        res = programme.evaluate("r7-3", [self.NET, cloud], {"type": "municipality"})
        v = res["items"][1]
        self.assertAlmostEqual(v["cost_jpy"], 84 * 11000.0)
        self.assertAlmostEqual(v["eligible_jpy"], 60 * 11000.0)
        self.assertEqual(v["rule"], "r7-3/multiyear_booked_max_months")
        res = programme.evaluate("r7-3", [dict(cloud, booked_in_first_year=False)], None)
        self.assertAlmostEqual(res["items"][0]["eligible_jpy"], 12 * 11000.0)

    def test_half_of_eligible_cost_and_company_needs_a_local_government(self):
        eligible = 8800000.0 + 10 * 132000.0
        res = programme.evaluate("r7-3", [self.NET, self.SOL],
                                 {"type": "company", "consortium_local_governments": 1})
        self.assertTrue(res["project_eligible"])
        self.assertAlmostEqual(res["subsidy_jpy"], eligible / 2)
        self.assertAlmostEqual(res["applicant_burden_jpy"], eligible / 2)
        res = programme.evaluate("r7-3", [self.NET, self.SOL], {"type": "company"})
        self.assertFalse(res["project_eligible"])
        self.assertEqual(res["subsidy_jpy"], 0.0)
        failed = [c for c in res["checks"] if not c["passed"]]
        self.assertEqual(failed[0]["rule"], "r7-3/non_government_needs_local_government")

    def test_network_only_design_is_not_eligible(self):
        res = programme.evaluate("r7-3", [self.NET], {"type": "municipality"})
        self.assertFalse(res["project_eligible"])
        self.assertEqual(res["subsidy_jpy"], 0.0)
        self.assertTrue(any("network-only" in c["reason"] for c in res["checks"]))


class SupportMenus(unittest.TestCase):
    def test_fiscal_strength_index_of_one_or_more_is_out(self):
        for fsi, ok in ((0.999, True), (1.0, False)):
            res = programme.evaluate("r7-1-1", [], {"type": "municipality",
                                                    "fiscal_strength_index": fsi})
            self.assertEqual(res["project_eligible"], ok)
        res = programme.evaluate("r7-1-1", [], {"type": "company", "fiscal_strength_index": 0.4})
        self.assertFalse(res["project_eligible"])

    def test_structure_support_cap_halves_after_selection(self):
        item = [{"name": "experts", "category": "labour", "unit_price_jpy": 73500000,
                 "tax_included": True}]
        res = programme.evaluate("r7-1-2", item, {"type": "prefecture",
                                                  "partner_municipalities": 1})
        self.assertEqual(res["subsidy_jpy"], 73500000.0)
        res = programme.evaluate("r7-1-2", item, {"type": "prefecture", "previously_selected": True,
                                                  "previous_partner_municipalities": 2,
                                                  "partner_municipalities": 3})
        self.assertEqual(res["subsidy_jpy"], 5e7)

    def test_parameters_and_errors(self):
        self.assertEqual(programme.param("r7-3", "funding_ratio"), (0.5, "FIRM"))
        with self.assertRaises(DxError) as cm:
            programme.evaluate("r7-9", [], None)
        self.assertEqual(cm.exception.name, "DX_ENOTFOUND")
        with self.assertRaises(DxError) as cm:
            programme.evaluate("r7-2-1", [sensor(-1)], None)
        self.assertIn("items[0].unit_price_jpy", cm.exception.message)
        with self.assertRaises(ValueError):
            programme.evaluate("r7-2-1", [{"category": "gadget"}], None)


class CostBomFeedsEvaluate(unittest.TestCase):
    DESIGN = {"n_sites": 2, "sectors_per_site": 3, "n_devices": 17, "outdoor": True}
    APPLICANT = {"type": "municipality"}

    def test_bom_items_go_straight_into_evaluate(self):
        for mode in ("purchase", "lease", "subscription"):
            items = cost.bom("l5g-sub6", self.DESIGN, mode=mode)
            self.assertTrue(all("value_class" in i and "source" in i for i in items))
            res = programme.evaluate("r7-3", items, self.APPLICANT)
            self.assertEqual([v["name"] for v in res["items"]], [i["name"] for i in items])
            self.assertGreater(res["eligible_total_jpy"], 0)
            # the price class is informative: the same result as the value_class-free items
            old = cost.bom("l5g-sub6", self.DESIGN, mode=mode, programme_compatible=True)
            self.assertEqual(res, programme.evaluate("r7-3", old, self.APPLICANT))

    def test_item_names_and_layout_come_from_dxsim_cost(self):
        self.assertIs(programme.CATEGORIES, cost.CATEGORIES)
        self.assertIs(programme.PROCUREMENTS, cost.PROCUREMENTS)
        self.assertIs(programme.ROLES, cost.ROLES)
        self.assertIs(programme._CostItem, cost._CostItem)
        with self.assertRaises(ValueError) as cm:
            programme.evaluate("r7-3", [sensor(1000, value_class="GUESS")], None)
        self.assertIn("items[0].value_class", str(cm.exception))


if __name__ == "__main__":
    unittest.main()
