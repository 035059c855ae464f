/* Acceptance of the proposal's money (issue 10) on three proposal-like cases
 * written for this test (tests/data/money_acceptance_{a,b,c}.xml), through
 * the user's path: scenario XML -> dx_compare_run -> the report.
 *
 *   A  ②-1 demonstration at a fishing port, leased; a subscription and a
 *      lease straddle the period (prorated), the lease runs past the horizon
 *      (commitment after the project), a conditional purchase, a report
 *      after the period, a licence fee.
 *   B  ③ infrastructure grant, a mixed design (LoRaWAN sensors + HaLow
 *      cameras), a cloud fee booked in year one and one paid yearly,
 *      compare_booking, benefits with an uncertain radio price (B/C bands).
 *   C  ②-3 autonomous-bus route, leased, carrier data vs Local 5G, a
 *      licence-related labour line (verify flag).
 *
 * Each case runs as written and again without its <costs>: the radio design
 * does not depend on the cost lines, so the difference of every money figure
 * is the lines' share, computed BY HAND in the comments below. Every
 * technology of the full run must also keep the invariants 0 <= eligible <=
 * cost, eligible + ineligible = cost, subsidy <= eligible x rate, burden >= 0,
 * and under ② rank on the total cost (the ministry's money).
 *
 * Rules (libdxsim/data/programme-r7.txt; briefing = MIC 関東総合通信局 令和7年3月):
 *   consumption tax 10 %                     domain-japan §5, FIRM
 *   ②-1 / ②-3 rate 1 (定額)                  briefing ②-1 実施形態 FIRM; ②-3 ASSUMED by analogy
 *   ③ rate 1/2                               briefing ③ 補助率, FIRM
 *   only months inside the period eligible   briefing ②-1 対象経費 FIRM; ②-3 / ③ ASSUMED
 *   licence application fee ineligible       briefing ②-1 対象外経費 免許関係諸費用, FIRM
 *   unleasable purchase with a reason        eligible only once MIC consents (conditional)
 *   travel not 整備 under ③                  ASSUMED
 *   ③ fees booked in year one: <= 60 months  briefing ③ ※3, FIRM
 * A government fee is not taxed: written tax="included". */
#define _POSIX_C_SOURCE 200809L
#include "dx_test.h"
#include <dxsim.h>

static char *read_case(const char *name, size_t *len)
{
    return dx_test_read_data(name, len);
}

static dx_results *run(const char *xml, size_t len, const char *name)
{
    dx_scenario *sc = NULL;
    if (dx_scenario_load_memory(xml, len, name, NULL, &sc) != DX_OK)
        fail_msg("%s: %s", name, dx_last_error());
    dx_results *r = NULL;
    if (dx_compare_run(sc, &r) != DX_OK)
        fail_msg("%s: %s", name, dx_last_error());
    dx_scenario_free(sc);
    return r;
}

static int find(const dx_results *r, const char *id, dx_tech_result *out)
{
    for (size_t i = 0; i < dx_results_count(r); i++) {
        assert_int_equal(dx_results_get(r, i, out), DX_OK);
        if (strcmp(out->id, id) == 0)
            return (int)i;
    }
    fail_msg("technology %s not in the results", id);
    return -1;
}

typedef struct {
    const char *id;
    double cost_jpy, eligible_jpy, subsidy_jpy;  /* the cost lines' share, by hand */
    double conditional_jpy, commitment_jpy, licence_verify_jpy;
    double booked_subsidy_jpy, yearly_subsidy_jpy; /* NaN: not compared */
} expect;

typedef struct {
    dx_results *with, *without;
    char *text;
} pair;

static pair run_case(const char *file)
{
    pair p;
    size_t len;
    p.text = read_case(file, &len);
    char *a = strstr(p.text, "<costs>"), *b = strstr(p.text, "</costs>");
    assert_non_null(a);
    assert_non_null(b);
    char *without = malloc(len + 1);
    assert_non_null(without);
    size_t head = (size_t)(a - p.text), tail_at = (size_t)(b - p.text) + strlen("</costs>");
    memcpy(without, p.text, head);
    memcpy(without + head, p.text + tail_at, len - tail_at + 1);
    p.with = run(p.text, len, file);
    p.without = run(without, strlen(without), file);
    free(without);
    return p;
}

static void pair_free(pair *p)
{
    dx_results_free(p->with);
    dx_results_free(p->without);
    free(p->text);
}

/* The invariants on every technology of a run; rate = the menu's funding ratio. */
static void check_invariants(const dx_results *r, double rate, int rank_on_total)
{
    for (size_t i = 0; i < dx_results_count(r); i++) {
        dx_tech_result t;
        assert_int_equal(dx_results_get(r, i, &t), DX_OK);
        double cost = t.cost_jpy[t.mode];
        assert_true(t.eligible_jpy >= 0 && t.eligible_jpy <= cost + 0.5);
        dx_assert_close(t.eligible_jpy + t.ineligible_jpy, cost, 0.5, 1e-12);
        assert_true(t.subsidy_jpy <= t.eligible_jpy * rate + 0.5);
        assert_true(t.net_cost_jpy >= -0.5);
        dx_assert_close(t.net_cost_jpy, cost - t.subsidy_jpy, 0.5, 1e-12);
        assert_true(t.conditional_eligible_jpy >= 0);
        if (rank_on_total)
            dx_assert_close(t.rank_cost_jpy, cost, 0.5, 1e-12);
    }
}

static void check_lines(const pair *p, const expect *e, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        dx_tech_result tw, to;
        find(p->with, e[k].id, &tw);
        find(p->without, e[k].id, &to);
        assert_true(tw.sites == to.sites && tw.radios == to.radios && tw.mode == to.mode);
        print_message("%s: lines cost %.0f eligible %.0f subsidy %.0f cond %.0f commit %.0f\n",
                      e[k].id, tw.cost_jpy[tw.mode] - to.cost_jpy[to.mode],
                      tw.eligible_jpy - to.eligible_jpy, tw.subsidy_jpy - to.subsidy_jpy,
                      tw.conditional_eligible_jpy - to.conditional_eligible_jpy,
                      tw.commitment_jpy - to.commitment_jpy);
        dx_assert_close(tw.cost_jpy[tw.mode] - to.cost_jpy[to.mode], e[k].cost_jpy, 0.5, 0);
        dx_assert_close(tw.eligible_jpy - to.eligible_jpy, e[k].eligible_jpy, 0.5, 0);
        dx_assert_close(tw.ineligible_jpy - to.ineligible_jpy, e[k].cost_jpy - e[k].eligible_jpy, 0.5, 0);
        dx_assert_close(tw.subsidy_jpy - to.subsidy_jpy, e[k].subsidy_jpy, 0.5, 0);
        dx_assert_close(tw.net_cost_jpy - to.net_cost_jpy, e[k].cost_jpy - e[k].subsidy_jpy, 0.5, 0);
        dx_assert_close(tw.conditional_eligible_jpy - to.conditional_eligible_jpy, e[k].conditional_jpy,
                        0.5, 0);
        dx_assert_close(tw.commitment_jpy - to.commitment_jpy, e[k].commitment_jpy, 0.5, 0);
        dx_assert_close(tw.licence_labour_verify_jpy - to.licence_labour_verify_jpy,
                        e[k].licence_verify_jpy, 0.5, 0);
        dx_assert_close(tw.eligible_tax_excluded_jpy - to.eligible_tax_excluded_jpy,
                        e[k].eligible_jpy / 1.1, 0.5, 0);
        if (!isnan(e[k].booked_subsidy_jpy)) {
            assert_true(tw.booking_compared && to.booking_compared);
            dx_assert_close(tw.booked_subsidy_jpy - to.booked_subsidy_jpy, e[k].booked_subsidy_jpy, 0.5, 0);
            dx_assert_close(tw.yearly_subsidy_jpy - to.yearly_subsidy_jpy, e[k].yearly_subsidy_jpy, 0.5, 0);
            dx_assert_close(tw.booking_subsidy_difference_jpy - to.booking_subsidy_difference_jpy,
                            e[k].booked_subsidy_jpy - e[k].yearly_subsidy_jpy, 0.5, 0);
        }
    }
}

/* Rendered report text (Markdown or HTML) in a language; free with dx_free. */
static char *render(const dx_results *r, dx_report_format fmt, dx_report_lang lang)
{
    dx_report_options o;
    assert_int_equal(dx_report_options_init(&o, DX_REPORT_OPTIONS_VERSION), DX_OK);
    o.lang = lang;
    o.html_map = 0;
    char *text = NULL;
    assert_int_equal(dx_results_render_opts(r, fmt, &o, &text), DX_OK);
    return text;
}

static void assert_contains(const char *hay, const char *needle)
{
    if (!strstr(hay, needle))
        fail_msg("the report does not contain '%s'", needle);
}

static void assert_not_contains(const char *hay, const char *needle)
{
    if (strstr(hay, needle))
        fail_msg("the report contains '%s'", needle);
}

/* One programme row of technology id whose name starts with prefix and ends with suffix. */
static dx_report_item row_of(const dx_results *r, const char *id, const char *name)
{
    dx_tech_result t;
    int i = find(r, id, &t);
    for (size_t k = 0; k < dx_results_item_count(r, (size_t)i); k++) {
        dx_report_item it;
        assert_int_equal(dx_results_item_get(r, (size_t)i, k, &it), DX_OK);
        if (strcmp(it.name, name) == 0)
            return it;
    }
    fail_msg("%s: no item '%s'", id, name);
    dx_report_item none;
    memset(&none, 0, sizeof none);
    return none;
}

/* A: ②-1, period 2025-10-01 .. 2026-03-31 = 6 months (Oct..Mar), horizon 2 years
 * from 2025-10-01 = months 0..23 (Oct 2025 .. Sep 2027), leased, rate 1.
 *   AI camera service  80,000 x 1.1 = 88,000/month, Dec 2025 .. Nov 2026 = 12 months
 *                      = 1,056,000; Dec..Mar 4 months = 352,000 eligible, 8 months
 *                      704,000 after the period (ineligible)
 *   edge server lease  70,000 x 1.1 = 77,000/month, 36 months from Jan 2026 (month 3):
 *                      months 3..23 in the horizon = 21 months = 1,617,000 in the cost;
 *                      Jan..Mar 3 months = 231,000 eligible; 18 months 1,386,000 not;
 *                      15 months beyond the horizon = 1,155,000 commitment (not in the cost)
 *   app development    3,000,000 x 1.1 = 3,300,000 at the start: eligible
 *   travel             10 x 30,000 (tax incl.) = 300,000 in Nov 2025: eligible
 *   licence fee        20,000 (no tax), Local 5G only: ineligible
 *   report             1,000,000 x 1.1 = 1,100,000 in May 2026: after the period, ineligible
 *   moored-line monitor 2 x 500,000 x 1.1 = 1,100,000, conditional="yes": conditional
 *                      subtotal 1,100,000 (+1,100,000 subsidy if MIC consents), not approved
 * HaLow: cost 1,056,000 + 1,617,000 + 3,300,000 + 300,000 + 1,100,000 + 1,100,000 = 8,473,000
 *        eligible 352,000 + 231,000 + 3,300,000 + 300,000 = 4,183,000 = subsidy
 * Local 5G: cost 8,473,000 + 20,000 = 8,493,000, eligible 4,183,000 */
static void test_money_acceptance__a_2_1_items_straddling_the_period(void **state)
{
    (void)state;
    const expect e[] = {
        {"halow", 8473000, 4183000, 4183000, 1100000, 1155000, 0, NAN, NAN},
        {"l5g-sub6", 8493000, 4183000, 4183000, 1100000, 1155000, 0, NAN, NAN},
    };
    pair p = run_case("money_acceptance_a.xml");
    check_lines(&p, e, 2);
    check_invariants(p.with, 1.0, 1);
    /* the split rows: months inside / after the period, prorated */
    dx_report_item in = row_of(p.with, "halow", "AIカメラ解析サービス [in the period]");
    dx_report_item out = row_of(p.with, "halow", "AIカメラ解析サービス [outside the period]");
    dx_assert_close(in.months, 4, 0, 0);
    dx_assert_close(out.months, 8, 0, 0);
    dx_assert_close(in.eligible_jpy, 352000, 0.5, 0);
    dx_assert_close(out.eligible_jpy, 0, 0.5, 0);
    assert_int_equal(in.in_period, 1);
    assert_int_equal(out.in_period, 0);
    in = row_of(p.with, "halow", "エッジサーバ リース [in the period]");
    out = row_of(p.with, "halow", "エッジサーバ リース [outside the period]");
    dx_assert_close(in.months, 3, 0, 0);
    dx_assert_close(out.months, 18, 0, 0);
    dx_assert_close(in.cost_jpy + out.cost_jpy, 1617000, 0.5, 0);
    /* the report: money table, ranking basis, values used in the assumptions */
    for (int lang = 0; lang < 2; lang++) {
        char *md = render(p.with, DX_REPORT_MARKDOWN, (dx_report_lang)lang);
        char *html = render(p.with, DX_REPORT_HTML, (dx_report_lang)lang);
        const char *money = lang ? "Subsidy and the applicant" : "補助金と申請者負担";
        assert_contains(md, money);
        assert_contains(html, money);
        assert_contains(md, lang ? "total project cost" : "総事業費（費用対効果の判断基準）");
        assert_contains(md, lang ? "one more town" : "横展開");
        /* the cost-per-Mbit/s threshold is an assumption, and the report says so */
        assert_contains(md, lang ? "1 Mbit/s or more (ASSUMED" : "需要 1 Mbit/s 以上の設計のみ（仮定 ASSUMED");
        /* ②-1 is a fixed-amount contract, not a grant: the report says what its words mean */
        assert_contains(md, lang ? "MIC contracts (fixed amount), not grants" : "請負（定額）であり補助金ではありません");
        /* conditional 1,100 kJPY / 1,100 kJPY beside the approved money */
        assert_contains(md, "1,100 / 1,100");
        /* the design's values, not the catalogue's (l5g-sub6: mast 20 m, sync frame) */
        assert_contains(md, lang ? "22 (catalogue 20)" : "22（カタログ値 20）");
        assert_contains(md, lang ? "DDSUUUDSUU (catalogue DDDSUUDDDD)" : "DDSUUUDSUU（カタログ値 DDDSUUDDDD）");
        assert_contains(md, lang ? "12 (catalogue 10)" : "12（カタログ値 10）");
        /* the built-in price book's item names and the assumption values in
         * Japanese in the Japanese report (report_phrases.c) */
        if (!lang) {
            assert_contains(md, "| l5g-sub6 | 光回線バックホール（法人回線）、局・月あたり | 8,000 円/月（税抜） |");
            assert_contains(md, "電気代 ローカル5G 屋外基地局（1台 500 W、24時間稼働）（期間内）");
            assert_contains(md, "機器保守費（機器価格に対する年率、月割）");
            assert_not_contains(md, "Fibre backhaul");
            assert_not_contains(md, "Maintenance of equipment");
        }
        dx_free(md);
        dx_free(html);
    }
    pair_free(&p);
}

/* B: ③, grant period 2025-10-01 .. 2026-03-31 = 6 months, horizon 5 years,
 * bought, rate 1/2; the mixed design counts the lines once.
 *   cloud, booked in year one   50,000 x 1.1 = 55,000/month x 60 = 3,300,000; booked,
 *                               60 months (<= 60, ※3): all eligible
 *   dashboard, paid yearly      10,000 x 1.1 = 11,000/month x 60 = 660,000; Oct..Mar
 *                               6 months = 66,000 eligible, 594,000 not
 *   installation labour         2,000,000 x 1.1 = 2,200,000 eligible (整備費用)
 *   travel                      5 x 20,000 (tax incl.) = 100,000 ineligible under ③
 * cost 3,300,000 + 660,000 + 2,200,000 + 100,000 = 6,260,000
 * eligible 3,300,000 + 66,000 + 2,200,000 = 5,566,000; subsidy 5,566,000 / 2 = 2,783,000
 * compare_booking, both fees booked: eligible 3,300,000 + 660,000 + 2,200,000 = 6,160,000,
 *   subsidy 3,080,000; both paid yearly (6 months each): 330,000 + 66,000 + 2,200,000
 *   = 2,596,000, subsidy 1,298,000; booking raises the lines' subsidy by 1,782,000. */
static void test_money_acceptance__b_3_mixed_design_with_booked_cloud(void **state)
{
    (void)state;
    const expect e[] = {
        {"mixed-1", 6260000, 5566000, 2783000, 0, 0, 0, 3080000, 1298000},
        {"halow", 6260000, 5566000, 2783000, 0, 0, 0, 3080000, 1298000},
    };
    pair p = run_case("money_acceptance_b.xml");
    check_lines(&p, e, 2);
    check_invariants(p.with, 0.5, 1);
    dx_tech_result t;
    find(p.with, "mixed-1", &t);
    assert_true(t.feasible);
    /* B/C on the MLIT basis with its Monte Carlo band; the applicant's view apart */
    assert_true(isfinite(t.benefit_cost_ratio) && t.benefit_cost_ratio > 0);
    assert_true(t.benefit_cost_p10_ratio <= t.benefit_cost_p50_ratio &&
                t.benefit_cost_p50_ratio <= t.benefit_cost_p90_ratio);
    assert_true(t.benefit_cost_applicant_ratio > t.benefit_cost_ratio);
    for (int lang = 0; lang < 2; lang++) {
        char *md = render(p.with, DX_REPORT_MARKDOWN, (dx_report_lang)lang);
        char *html = render(p.with, DX_REPORT_HTML, (dx_report_lang)lang);
        const char *booking = lang ? "booked in year one vs paid yearly" : "初年度一括計上と毎年払いの比較";
        assert_contains(md, booking);
        assert_contains(html, booking);
        assert_contains(md, lang ? "B/C (MLIT) P10/P50/P90" : "B/C（国交省）P10/P50/P90");
        assert_contains(md, lang ? "B/C (applicant)" : "B/C（申請者）");
        dx_free(md);
        dx_free(html);
    }
    pair_free(&p);
}

/* B with a <period> written past the grant fiscal year (to 2026-09-30): under ③
 * only the grant year's costs count, so the dashboard paid yearly still counts
 * Oct..Mar = 6 months (66,000), not 12, and the lines' money is B's:
 * eligible 5,566,000, subsidy 2,783,000; a note asks to verify. */
static void test_money_acceptance__b_3_period_past_the_fiscal_year(void **state)
{
    (void)state;
    size_t len;
    char *xml = read_case("money_acceptance_b.xml", &len);
    char *end = strstr(xml, "end=\"2026-03-31\"");
    assert_non_null(end);
    memcpy(end, "end=\"2026-09-30\"", strlen("end=\"2026-09-30\""));
    char *a = strstr(xml, "<costs>"), *b = strstr(xml, "</costs>");
    char *without = malloc(len + 1);
    assert_non_null(without);
    size_t head = (size_t)(a - xml), tail_at = (size_t)(b - xml) + strlen("</costs>");
    memcpy(without, xml, head);
    memcpy(without + head, xml + tail_at, len - tail_at + 1);
    pair p = {run(xml, len, "b-past-fy.xml"), run(without, strlen(without), "b-past-fy.xml"), xml};
    free(without);
    const expect e[] = {{"halow", 6260000, 5566000, 2783000, 0, 0, 0, 3080000, 1298000}};
    check_lines(&p, e, 1);
    check_invariants(p.with, 0.5, 1);
    dx_tech_result t;
    size_t i = (size_t)find(p.with, "halow", &t);
    int noted = 0;
    for (size_t k = 0; k < dx_results_note_count(p.with, i); k++)
        noted |= strstr(dx_results_note(p.with, i, k), "past the end of the grant fiscal year") != NULL;
    assert_true(noted);
    pair_free(&p);
}

/* C: ②-3, period 2025-09-01 .. 2026-02-28 = 6 months (Sep..Feb), horizon 2 years
 * from 2025-09-01, leased, rate 1 (cap 2.5億 not reached); a company with the
 * town and two more members (a consortium).
 *   verification labour   6,000,000 x 1.1 = 6,600,000 eligible
 *   control-room lines    2 x 20,000 x 1.1 = 44,000/month, Sep 2025 .. Aug 2026 = 12
 *                         months = 528,000; Sep..Feb 6 months = 264,000 eligible
 *   on-board routers      3 x 15,000 x 1.1 = 49,500/month x 24 (the horizon) = 1,188,000;
 *                         6 months = 297,000 eligible, 18 months = 891,000 not
 *   licence fees          4 x 6,500 (no tax) = 26,000, Local 5G only: ineligible
 *   test-run travel       20 x 25,000 x 1.1 = 550,000 eligible
 *   licence support labour 400,000 x 1.1 = 440,000, Local 5G only: eligible, flagged
 *                         to verify (may be 免許関係諸費用)
 * carrier: cost 6,600,000 + 528,000 + 1,188,000 + 550,000 = 8,866,000,
 *          eligible 6,600,000 + 264,000 + 297,000 + 550,000 = 7,711,000 = subsidy
 * Local 5G: cost 8,866,000 + 26,000 + 440,000 = 9,332,000, eligible 8,151,000 */
static void test_money_acceptance__c_2_3_route(void **state)
{
    (void)state;
    const expect e[] = {
        {"carrier-lte5g", 8866000, 7711000, 7711000, 0, 0, 0, NAN, NAN},
        {"l5g-sub6", 9332000, 8151000, 8151000, 0, 0, 440000, NAN, NAN},
    };
    pair p = run_case("money_acceptance_c.xml");
    check_lines(&p, e, 2);
    check_invariants(p.with, 1.0, 1);
    dx_tech_result t;
    int i = find(p.with, "l5g-sub6", &t);
    assert_true(t.programme_ok);
    assert_int_equal(dx_results_route_count(p.with, (size_t)i), 1);
    char *md = render(p.with, DX_REPORT_MARKDOWN, DX_REPORT_LANG_JA);
    assert_contains(md, "免許関係人件費（要確認）");
    assert_contains(md, "循環線");
    dx_free(md);
    pair_free(&p);
}

int main(void)
{
    dx_global_init(DX_INIT_GSL_HANDLER_OFF);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_money_acceptance__a_2_1_items_straddling_the_period),
        cmocka_unit_test(test_money_acceptance__b_3_mixed_design_with_booked_cloud),
        cmocka_unit_test(test_money_acceptance__b_3_period_past_the_fiscal_year),
        cmocka_unit_test(test_money_acceptance__c_2_3_route),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
