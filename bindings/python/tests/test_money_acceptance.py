"""The proposal's money from Python (issue 10): the acceptance cases of
tests/test_money_acceptance.c (tests/data/money_acceptance_*.xml) through
dxsim.run_scenario_xml, with the same hand arithmetic (see the C test's
comments): the cost lines' share of each figure is the run with the lines
minus the run without them; conditional="yes" and the refusal of a
conditional line without a justification; a 200-byte Japanese name whole.
Standard library only."""
import os
import re
import unittest

import dxsim

DATA = os.environ.get("DXSIM_TEST_DATA",
                      os.path.join(os.path.dirname(__file__), "..", "..", "..", "tests", "data"))


def read(name):
    with open(os.path.join(DATA, name), encoding="utf-8") as f:
        return f.read()


def without_costs(xml):
    return re.sub(r"<costs>.*?</costs>", "", xml, flags=re.S)


def by_id(data):
    return {t["id"]: t for t in data["technologies"]}


class MoneyAcceptance(unittest.TestCase):
    def lines(self, name):
        xml = read(name)
        md = {"markdown": None}
        w = by_id(dxsim.run_scenario_xml(xml, name, render=md))
        o = by_id(dxsim.run_scenario_xml(without_costs(xml), name))
        return w, o, md["markdown"]

    def test_a_2_1_prorated_conditional_and_commitment(self):
        w, o, md = self.lines("money_acceptance_a.xml")
        # HaLow: cost 8,473,000; eligible = subsidy 4,183,000 (352,000 + 231,000 +
        # 3,300,000 + 300,000); conditional 1,100,000; commitment 15 x 77,000
        t, u = w["halow"], o["halow"]
        self.assertAlmostEqual(t["cost_lease_jpy"] - u["cost_lease_jpy"], 8473000, delta=0.5)
        self.assertAlmostEqual(t["eligible_jpy"] - u["eligible_jpy"], 4183000, delta=0.5)
        self.assertAlmostEqual(t["subsidy_jpy"] - u["subsidy_jpy"], 4183000, delta=0.5)
        self.assertAlmostEqual(t["conditional_eligible_jpy"] - u["conditional_eligible_jpy"],
                               1100000, delta=0.5)
        self.assertAlmostEqual(t["commitment_jpy"] - u["commitment_jpy"], 1155000, delta=0.5)
        for t in w.values():  # the invariants, ② ranks on the total cost
            cost = t["cost_%s_jpy" % t["mode"]]
            self.assertLessEqual(t["eligible_jpy"], cost + 0.5)
            self.assertGreaterEqual(t["net_cost_jpy"], -0.5)
            self.assertAlmostEqual(t["rank_cost_jpy"], cost, delta=0.5)
        self.assertIn("補助金と申請者負担", md)
        self.assertIn("22（カタログ値 20）", md)  # the mast height used, not the catalogue's

    def test_b_3_booking_side_by_side(self):
        w, o, md = self.lines("money_acceptance_b.xml")
        # booked 6,160,000 / 2 = 3,080,000; yearly 2,596,000 / 2 = 1,298,000
        t, u = w["mixed-1"], o["mixed-1"]
        self.assertAlmostEqual(t["booked_subsidy_jpy"] - u["booked_subsidy_jpy"], 3080000, delta=0.5)
        self.assertAlmostEqual(t["yearly_subsidy_jpy"] - u["yearly_subsidy_jpy"], 1298000, delta=0.5)
        self.assertAlmostEqual(t["subsidy_jpy"] - u["subsidy_jpy"], 2783000, delta=0.5)
        self.assertIn("初年度一括計上と毎年払いの比較", md)

    def test_conditional_needs_a_justification(self):
        xml = read("money_acceptance_a.xml").replace(
            ' justification="受注生産品でリース会社が扱わない"', "")
        with self.assertRaises(dxsim.DxError) as cm:
            dxsim.run_scenario_xml(xml, "a.xml")
        msg = str(cm.exception)
        self.assertIn("<costs>/<item>", msg)
        self.assertIn("conditional = yes needs a justification", msg)

    def test_200_byte_name_whole(self):
        name = "水" * 66 + "-1"
        self.assertEqual(len(name.encode("utf-8")), 200)
        xml = read("money_acceptance_c.xml").replace("自動運転 通信検証 人件費", name)
        data = dxsim.run_scenario_xml(xml, "c.xml", render={"markdown": None})
        items = [i["name"] for t in data["technologies"] for i in t.get("items", [])]
        if items:
            self.assertIn(name, items)
        self.assertIn(name, str(data))


if __name__ == "__main__":
    unittest.main()
