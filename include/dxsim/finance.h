/**
 * @file dxsim/finance.h
 * Stage 6 of the pipeline (finance half): discounting, NPV, IRR, PMT,
 * payback, equivalent annual cost, depreciation (straight line and the
 * Japanese 200 % declining-balance method) and benefit–cost ratios.
 *
 * Conventions (the spreadsheet conventions of NPV/IRR/PMT, with one
 * difference: cash[0] sits at t = 0 and is NOT discounted, as in
 * numpy-financial's npv, whereas a spreadsheet's NPV() discounts its first
 * value by one period):
 * - a cash-flow series is n yearly values, cash_jpy[0] at t = 0;
 * - money received is positive, money paid is negative (PMT returns a
 *   negative payment for a positive loan pv, as Excel and LibreOffice do);
 * - rates are ratios per period (0.04, never 4).
 */
#ifndef DXSIM_FINANCE_H
#define DXSIM_FINANCE_H

#include <stddef.h>
#include "dxsim/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Social discount rate of Japanese public cost–benefit analysis: 4 %
 *  (domain-japan.md §5, MLIT 公共事業評価の費用便益分析に関する技術指針 H20.6). FIRM. */
#define DX_FINANCE_SOCIAL_DISCOUNT_RATE_RATIO 0.04

/** Longest cash-flow series or schedule (periods) the functions below accept;
 *  a longer n gets DX_EDOMAIN naming the bound. 10^5 (ASSUMED: a century of
 *  monthly flows is 1,200; at the bound the slowest call, an IRR of a series
 *  with several sign changes, takes about 2 s, bench/bench_finance). Fixed
 *  when the library is built. */
#define DX_FINANCE_MAX_PERIODS ((size_t)100000u)

/** DX_FINANCE_MAX_PERIODS of the loaded library (bindings read the bound here). */
DX_API size_t dx_finance_max_periods(void);

/**
 * Net present value of a cash-flow series, cash_jpy[0] at t = 0:
 * NPV = sum_t cash_jpy[t] / (1 + rate)^t.
 * @param rate_ratio   discount rate per period, > -1
 * @param n            number of values, >= 1
 * @param cash_jpy     n values (any sign; finite)
 * @param out_npv_jpy  receives the NPV
 * @return DX_OK; DX_EINVAL for NULL pointers or n == 0;
 *         DX_EDOMAIN for rate <= -1, a non-finite rate or a non-finite cash value.
 */
DX_API dx_status dx_finance_npv_jpy(double rate_ratio, size_t n, const double *cash_jpy,
                                    double *out_npv_jpy);

/**
 * Internal rate of return: the rate r > -1 at which the NPV of cash_jpy is 0.
 * Candidate roots are the positive real roots x = 1/(1+r) of the polynomial
 * sum_t cash[t] x^t (GSL gsl_poly_complex_solve), each polished with GSL's
 * Brent solver on the NPV.
 * @param n              number of values, >= 2
 * @param cash_jpy       n values, cash_jpy[0] at t = 0
 * @param out_irr_ratio  receives the IRR; NaN when there is none or several
 * @return DX_OK when exactly one IRR exists;
 *         DX_ENOTFOUND when there is no IRR (e.g. all flows of one sign);
 *         DX_EDOMAIN when there are several (the message lists them; use
 *         dx_finance_irr_roots_ratio to get them all);
 *         DX_EINVAL for NULL pointers or n < 2; DX_ENOMEM; DX_ENOCONV.
 */
DX_API dx_status dx_finance_irr_ratio(size_t n, const double *cash_jpy, double *out_irr_ratio);

/**
 * All internal rates of return (> -1) of a cash-flow series, sorted ascending.
 * @param n          number of values, >= 2
 * @param cash_jpy   n values
 * @param cap        capacity of out_irr_ratio (may be 0 to query the count)
 * @param out_irr_ratio  receives up to cap roots (may be NULL when cap == 0)
 * @param out_n      receives the number of roots found (0 is not an error)
 * @return DX_OK; DX_EBUFSIZE when cap < *out_n (the first cap are written);
 *         DX_EINVAL; DX_EDOMAIN for non-finite input; DX_ENOMEM; DX_ENOCONV.
 */
DX_API dx_status dx_finance_irr_roots_ratio(size_t n, const double *cash_jpy, size_t cap,
                                            double *out_irr_ratio, size_t *out_n);

/**
 * Payment per period of an annuity (spreadsheet PMT, same sign convention):
 * pv*(1+r)^n + pmt*(1+r*w)*((1+r)^n - 1)/r + fv = 0, w = 1 when payments are
 * due at the beginning of each period; r = 0 gives -(pv + fv)/n.
 * Example (Excel PMT documentation): PMT(8%/12, 10, 10000) = -1037.03.
 * @param rate_ratio  rate per period, > -1
 * @param nper        number of periods, > 0 (need not be whole)
 * @param pv          present value (a loan received is positive)
 * @param fv          future value after the last payment (0 for a loan)
 * @param when_begin  0 = payments at the end of each period, 1 = at the beginning
 * @param out_pmt     receives the payment (negative when pv > 0)
 * @return DX_OK; DX_EINVAL for NULL out or when_begin not 0/1;
 *         DX_EDOMAIN for rate <= -1, nper <= 0 or non-finite input.
 */
DX_API dx_status dx_finance_pmt_jpy(double rate_ratio, double nper, double pv, double fv,
                                    int when_begin, double *out_pmt);

/**
 * Present value of an annuity (spreadsheet PV): the pv that solves the PMT
 * equation above for the given payment. Arguments as dx_finance_pmt_jpy.
 */
DX_API dx_status dx_finance_pv_jpy(double rate_ratio, double nper, double pmt, double fv,
                                   int when_begin, double *out_pv);

/** Future value of an annuity (spreadsheet FV). Arguments as dx_finance_pmt_jpy. */
DX_API dx_status dx_finance_fv_jpy(double rate_ratio, double nper, double pmt, double pv,
                                   int when_begin, double *out_fv);

/**
 * Payback period of an investment series (cash_jpy[0] usually negative):
 * the time at which the cumulative (optionally discounted) cash flow first
 * becomes >= 0 and stays there, interpolating linearly inside the period in
 * which it crosses (flows assumed spread evenly over each period).
 * @param n          number of values, >= 1
 * @param cash_jpy   n values, cash_jpy[0] at t = 0
 * @param rate_ratio discount rate; < 0 or NaN means undiscounted (simple) payback
 * @param out_years  receives the payback time in periods; 0 when cash_jpy[0] >= 0
 *                   and the cumulative sum never goes negative; INFINITY when the
 *                   series never pays back within n periods
 * @return DX_OK (also when the series never pays back: *out_years = INFINITY);
 *         DX_EINVAL for NULL pointers or n == 0; DX_EDOMAIN for non-finite cash.
 */
DX_API dx_status dx_finance_payback_years(size_t n, const double *cash_jpy, double rate_ratio,
                                          double *out_years);

/**
 * Equivalent annual cost: the constant yearly amount, paid at the end of
 * years 1..life, with the same present value as pv_jpy:
 * EAC = pv * r / (1 - (1+r)^-life); pv / life when r = 0.
 * @return DX_OK; DX_EINVAL for NULL out; DX_EDOMAIN for rate <= -1 or life <= 0.
 */
DX_API dx_status dx_finance_eac_jpy(double rate_ratio, double life_years, double pv_jpy,
                                    double *out_eac_jpy_per_year);

/**
 * Benefit–cost analysis of two yearly series over the same n years (both
 * given as POSITIVE amounts; index 0 = t = 0).
 * @param rate_ratio        discount rate (> -1)
 * @param n                 number of years, >= 1
 * @param cost_jpy          n yearly costs (>= 0 expected; not checked)
 * @param benefit_jpy       n yearly benefits
 * @param out_pv_cost_jpy   PV of costs (may be NULL)
 * @param out_pv_benefit_jpy PV of benefits (may be NULL)
 * @param out_bcr_ratio     PV(benefits) / PV(costs) (may be NULL; NaN when PV(costs) == 0)
 * @return DX_OK; DX_EINVAL; DX_EDOMAIN.
 */
DX_API dx_status dx_finance_benefit_cost(double rate_ratio, size_t n, const double *cost_jpy,
                                         const double *benefit_jpy, double *out_pv_cost_jpy,
                                         double *out_pv_benefit_jpy, double *out_bcr_ratio);

/** Depreciation method. */
typedef enum {
    /** (cost - residual) / life per year, down to the residual value. */
    DX_DEPRECIATION_STRAIGHT_LINE = 0,
    /** Japanese 定額法 for assets acquired from 2007-04-01: rate of 耐用年数省令
     *  別表第八 (1/life rounded UP to 3 decimals) times cost, down to 1 JPY (備忘価額). */
    DX_DEPRECIATION_JP_STRAIGHT_LINE = 1,
    /** Japanese 200 % 定率法 (assets acquired from 2012-04-01, 別表第十), with the
     *  switch to 改定取得価額 x 改定償却率 once book x rate < cost x 保証率; down to 1 JPY. */
    DX_DEPRECIATION_JP_DECLINING_200 = 2
} dx_depreciation_method;

/**
 * Rates of the Japanese 200 % declining-balance method for a statutory
 * useful life of 2..20 years (耐用年数省令 別表第十, "平成二十四年四月一日以後に
 * 取得をされた減価償却資産の定率法の償却率、改定償却率及び保証率の表").
 * For life 2 the rate is 1.000 and there is no revised rate or guarantee
 * ratio (both written as 0).
 * @param life_years            2..20
 * @param out_rate_ratio        償却率 (may be NULL)
 * @param out_revised_rate_ratio 改定償却率 (may be NULL)
 * @param out_guarantee_ratio   保証率 (may be NULL)
 * @return DX_OK; DX_EDOMAIN for a life outside 2..20.
 */
DX_API dx_status dx_finance_jp_declining_rates(int life_years, double *out_rate_ratio,
                                               double *out_revised_rate_ratio,
                                               double *out_guarantee_ratio);

/**
 * Japanese straight-line rate (耐用年数省令 別表第八) for a life of 2..100
 * years: 1/life rounded UP to 3 decimals (0.334 for 3 years, 0.112 for 9, 0.084 for 12).
 * @return DX_OK; DX_EDOMAIN for a life outside 2..100; DX_EINVAL for NULL out.
 */
DX_API dx_status dx_finance_jp_straight_line_rate(int life_years, double *out_rate_ratio);

/**
 * Declining-balance schedule with explicit rates (any table, e.g. the 250 %
 * table of 2007–2012): in year k the amount is book * rate, until that is
 * below cost * guarantee_ratio; from then on it is (book at the switch) *
 * revised_rate; never below 1 JPY of book value. Whole years only.
 * @param cost_jpy          acquisition cost, > 0
 * @param rate_ratio        償却率, in (0, 1]
 * @param revised_rate_ratio 改定償却率, in [0, 1] (0 = none)
 * @param guarantee_ratio   保証率, in [0, 1) (0 = none)
 * @param round_yen         rounding of each year's amount to a whole yen:
 *                          +1 up (切り上げ), -1 down (切り捨て), 0 none
 * @param n_years           number of years to write, >= 1
 * @param out_depreciation_jpy  n_years amounts
 * @param out_book_value_jpy    n_years closing book values (may be NULL)
 * @return DX_OK; DX_EINVAL; DX_EDOMAIN naming the bad argument.
 */
DX_API dx_status dx_finance_declining_schedule_jpy(double cost_jpy, double rate_ratio,
                                                   double revised_rate_ratio,
                                                   double guarantee_ratio, int round_yen,
                                                   size_t n_years, double *out_depreciation_jpy,
                                                   double *out_book_value_jpy);

/**
 * Depreciation schedule of one asset, whole years from acquisition.
 * @param method        a dx_depreciation_method
 * @param cost_jpy      acquisition cost, > 0
 * @param residual_jpy  residual value for DX_DEPRECIATION_STRAIGHT_LINE (0 <= residual < cost);
 *                      ignored by the Japanese methods (they stop at 1 JPY)
 * @param life_years    useful life: > 0 for straight line; whole 2..20 for the
 *                      200 % method; whole 2..100 for the Japanese straight line
 * @param round_yen     Japanese methods: +1 round each year's amount up to a whole yen,
 *                      -1 down, 0 none
 * @param n_years       number of years to write
 * @param out_depreciation_jpy  n_years amounts (0 after the asset is written off)
 * @param out_book_value_jpy    n_years closing book values (may be NULL)
 * @return DX_OK; DX_EINVAL; DX_EDOMAIN naming the argument.
 */
DX_API dx_status dx_finance_depreciation_jpy(dx_depreciation_method method, double cost_jpy,
                                             double residual_jpy, double life_years,
                                             int round_yen, size_t n_years,
                                             double *out_depreciation_jpy,
                                             double *out_book_value_jpy);

#ifdef __cplusplus
}
#endif
#endif /* DXSIM_FINANCE_H */
