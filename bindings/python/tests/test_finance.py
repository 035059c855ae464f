"""dxsim.finance against independently computed values (numpy-financial's
Decimal test values, Excel documentation examples, hand calculations)."""
import math
import unittest

from dxsim import DxError, finance


class TestFinance(unittest.TestCase):
    def test_npv_matches_numpy_financial_decimal(self):
        # numpy-financial test_npv_decimal (Python Decimal): 122.894854950942692161628715
        v = finance.npv(0.05, [-15000, 1500, 2500, 3500, 4500, 6000])
        self.assertAlmostEqual(v, 122.894854950942692161628715, delta=1e-9 * 122.9)

    def test_pmt_matches_numpy_financial_and_excel(self):
        # numpy-financial test_pmt_decimal: -304.1459143262052370338701494
        self.assertAlmostEqual(finance.pmt(0.08 / 12, 60, 15000), -304.1459143262052370338701494,
                               delta=1e-9 * 304.15)
        # Excel PMT documentation: (1,037.03) and (1,030.16) for type 1
        self.assertAlmostEqual(finance.pmt(0.08 / 12, 10, 10000), -1037.03, delta=0.005)
        self.assertAlmostEqual(finance.pmt(0.08 / 12, 10, 10000, when="begin"), -1030.16, delta=0.005)
        self.assertAlmostEqual(finance.pmt(0.0, 60, 15000), -250.0, delta=1e-12)
        with self.assertRaises(ValueError):
            finance.pmt(0.01, 10, 100, when="middle")

    def test_pv_fv_match_numpy_financial(self):
        self.assertAlmostEqual(finance.pv(0.07, 20, 12000), -127128.1709461939327295222005,
                               delta=1e-9 * 127128.2)
        self.assertAlmostEqual(finance.fv(0.075, 20, -2000), 86609.36267304300040536731624,
                               delta=1e-9 * 86609.4)

    def test_irr_closed_form_and_statuses(self):
        # by hand: 100 y^2 - 60 y - 60 = 0, y = 1 + r -> r = (sqrt(69) - 7) / 10
        self.assertAlmostEqual(finance.irr([-100, 60, 60]), (math.sqrt(69) - 7) / 10, delta=1e-12)
        # numpy-financial README: 0.5672303344358536
        self.assertAlmostEqual(finance.irr([-250000, 100000, 150000, 200000, 250000, 300000]),
                               0.5672303344358536, delta=1e-9 * 0.567)
        with self.assertRaises(DxError) as cm:
            finance.irr([-1, -2, -3])
        self.assertEqual(cm.exception.name, "DX_ENOTFOUND")
        with self.assertRaises(DxError) as cm:
            finance.irr([-100, 230, -132])
        self.assertEqual(cm.exception.name, "DX_EDOMAIN")
        roots = finance.irr_roots([-100, 230, -132])   # by hand: 0.1 and 0.2
        self.assertEqual(len(roots), 2)
        self.assertAlmostEqual(roots[0], 0.1, delta=1e-12)
        self.assertAlmostEqual(roots[1], 0.2, delta=1e-12)
        self.assertEqual(finance.irr_roots([-1, -2, -3]), [])

    def test_payback(self):
        cf = [-1000, 300, 300, 300, 300, 300]
        self.assertAlmostEqual(finance.payback_years(cf), 3 + 100 / 300, delta=1e-12)
        left = -1000 + 300 * (1 / 1.1 + 1 / 1.21 + 1 / 1.331 + 1 / 1.4641)
        self.assertAlmostEqual(finance.payback_years(cf, rate=0.1), 4 - left / (300 / 1.61051),
                               delta=1e-12)
        self.assertEqual(finance.payback_years([-1000, 10, 10]), math.inf)

    def test_benefit_cost_of_labour_saved(self):
        ben = finance.labour_benefit(1200, 2385, 6)          # years 1..5
        res = finance.benefit_cost(0.04, [9e6] + [5e5] * 5, ben)
        a5 = (1 - 1.04 ** -5) / 0.04
        self.assertAlmostEqual(res["pv_benefit_jpy"], 1200 * 2385 * a5, delta=1e-6)
        self.assertAlmostEqual(res["bcr"], res["pv_benefit_jpy"] / res["pv_cost_jpy"], delta=1e-15)

    def test_japanese_declining_balance_tkc_example(self):
        # TKC出版 worked example: 200 % 定率法, 1,000,000 JPY, 10 years
        a, b = finance.depreciation("jp-declining-200", 1_000_000, 10, 10)
        self.assertEqual([round(x) for x in a],
                         [200000, 160000, 128000, 102400, 81920, 65536, 65536, 65536, 65536, 65535])
        self.assertEqual(b[-1], 1.0)
        self.assertEqual(finance.jp_declining_rates(10), (0.2, 0.25, 0.06552))
        self.assertEqual(finance.jp_straight_line_rate(9), 0.112)
        with self.assertRaises(DxError) as cm:
            finance.jp_declining_rates(25)
        self.assertIn("life_years = 25", cm.exception.message)


if __name__ == "__main__":
    unittest.main()
