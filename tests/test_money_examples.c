/* The three MIC examples (examples/scenarios) through the user path
 * (scenario -> dx_compare_run): the applicant's cost lines (<costs>/<item>)
 * against totals, eligible split and subsidy computed BY HAND below.
 *
 * Each example is run as written and again without its <costs> block; the
 * radio design does not depend on the cost lines (test_money_properties),
 * so the difference of every technology's cost, eligible part and subsidy is
 * the cost lines' share, which the arithmetic in the comments gives.
 *
 * Rules used (libdxsim/data/programme-r7.txt, briefing = MIC 関東総合通信局
 * 令和7年3月, /work/shared/docs/mic-briefing-2025.txt):
 *   consumption tax 10 %                      domain-japan §5, FIRM
 *   ②-1 請負（定額）: rate 1                  briefing ②-1 実施形態, FIRM
 *   ②-3 rate 1 (as ②-1), cap 2.5億            ASSUMED by analogy / briefing ②-3, FIRM
 *   ③ 補助率 1/2                               briefing ③ 補助率, FIRM
 *   only costs inside the period are eligible  briefing ②-1 対象経費 (FIRM), ②-3/③ ASSUMED
 *   licence application fees ineligible        briefing ②-1 対象外経費 免許関係諸費用, FIRM
 *   purchases under 100,000 JPY tax incl.      briefing ②-1 取得単価が税込10万円未満, FIRM
 *   travel not eligible under ③                ASSUMED (整備費用 only)
 *   ③ fees booked in year 1: up to 60 months   briefing ③ ※3, FIRM
 * A government fee is not subject to consumption tax: written tax="included". */
#define _POSIX_C_SOURCE 200809L
#include "dx_test.h"
#include <dxsim.h>

static char *read_example(const char *name, size_t *len)
{
    char rel[512];
    snprintf(rel, sizeof rel, "../../examples/scenarios/%s", name);
    return dx_test_read_data(rel, len);
}

static dx_results *run(const char *xml, size_t len, const char *name)
{
    dx_scenario *sc = NULL;
    dx_status st = dx_scenario_load_memory(xml, len, name, NULL, &sc);
    if (st != DX_OK)
        fail_msg("%s: %s", name, dx_last_error());
    dx_results *r = NULL;
    st = dx_compare_run(sc, &r);
    if (st != DX_OK)
        fail_msg("%s: %s", name, dx_last_error());
    dx_scenario_free(sc);
    return r;
}

typedef struct {
    const char *id;  /* technology */
    double cost_jpy, eligible_jpy, subsidy_jpy; /* the cost lines' share, by hand */
    double conditional_jpy, licence_verify_jpy; /* conditional subtotal, flagged labour */
} expect;

/* Run the example with and without its <costs>; check every listed technology. */
static void check_example(const char *file, const expect *e, size_t n, double *booked_diff)
{
    size_t len;
    char *with = read_example(file, &len);
    char *a = strstr(with, "<costs>"), *b = strstr(with, "</costs>");
    assert_non_null(a);
    assert_non_null(b);
    char *without = malloc(len + 1);
    assert_non_null(without);
    size_t head = (size_t)(a - with), tail_at = (size_t)(b - with) + strlen("</costs>");
    memcpy(without, with, head);
    memcpy(without + head, with + tail_at, len - tail_at + 1);
    dx_results *rw = run(with, len, file), *ro = run(without, strlen(without), file);
    for (size_t k = 0; k < n; k++) {
        dx_tech_result tw, to;
        int found = 0;
        for (size_t i = 0; i < dx_results_count(rw); i++) {
            assert_int_equal(dx_results_get(rw, i, &tw), DX_OK);
            if (strcmp(tw.id, e[k].id) == 0) {
                found = 1;
                break;
            }
        }
        assert_true(found);
        found = 0;
        for (size_t i = 0; i < dx_results_count(ro); i++) {
            assert_int_equal(dx_results_get(ro, i, &to), DX_OK);
            if (strcmp(to.id, e[k].id) == 0) {
                found = 1;
                break;
            }
        }
        assert_true(found);
        assert_true(tw.programme_ok && to.programme_ok);
        /* the design is the same; the money moves by the lines' share */
        assert_true(tw.sites == to.sites && tw.radios == to.radios && tw.mode == to.mode);
        assert_true(tw.bw_hz == to.bw_hz || (isnan(tw.bw_hz) && isnan(to.bw_hz)));
        print_message("%s %s: lines cost %.0f eligible %.0f subsidy %.0f\n", file, e[k].id,
                      tw.cost_jpy[tw.mode] - to.cost_jpy[to.mode], tw.eligible_jpy - to.eligible_jpy,
                      tw.subsidy_jpy - to.subsidy_jpy);
        dx_assert_close(tw.cost_jpy[tw.mode] - to.cost_jpy[to.mode], e[k].cost_jpy, 0.5, 0);
        dx_assert_close(tw.eligible_jpy - to.eligible_jpy, e[k].eligible_jpy, 0.5, 0);
        dx_assert_close(tw.ineligible_jpy - to.ineligible_jpy, e[k].cost_jpy - e[k].eligible_jpy,
                        0.5, 0);
        dx_assert_close(tw.subsidy_jpy - to.subsidy_jpy, e[k].subsidy_jpy, 0.5, 0);
        dx_assert_close(tw.conditional_eligible_jpy - to.conditional_eligible_jpy,
                        e[k].conditional_jpy, 0.5, 0);
        dx_assert_close(tw.licence_labour_verify_jpy - to.licence_labour_verify_jpy,
                        e[k].licence_verify_jpy, 0.5, 0);
        dx_assert_close(tw.eligible_tax_excluded_jpy - to.eligible_tax_excluded_jpy,
                        e[k].eligible_jpy / 1.1, 0.5, 0);
        if (booked_diff) {
            assert_true(tw.booking_compared && to.booking_compared);
            booked_diff[2 * k] = tw.booked_subsidy_jpy - to.booked_subsidy_jpy;
            booked_diff[2 * k + 1] = tw.yearly_subsidy_jpy - to.yearly_subsidy_jpy;
        }
    }
    dx_results_free(rw);
    dx_results_free(ro);
    free(with);
    free(without);
}

/* ②-1 factory, period 2025-08-01 .. 2026-02-28 = 7 months (Aug..Feb),
 * horizon 3 years from 2025-08-01, prices tax-excluded, rate 1:
 *   licence fee      2 x 6,500 (no tax)           =     13,000  ineligible (L5G only)
 *   licence support  450,000 x 1.1                =    495,000  eligible   (L5G only)
 *   app development  6,000,000 x 1.1              =  6,600,000  eligible
 *   trips            15 x 40,000 x 1.1            =    660,000  eligible
 *   cloud AI         150,000 x 1.1 = 165,000/month, 2025-09 .. 2026-08 = 12 months
 *                    = 1,980,000; inside the period Sep..Feb = 6 months = 990,000 eligible,
 *                    Mar..Aug 6 months = 990,000 ineligible
 *   camera mounts    12 x 8,000 x 1.1 = 12 x 8,800 (< 100,000 each) = 105,600 eligible
 *   edge server      900,000 x 1.1 = 990,000, cannot be leased, justified: eligible
 *                    only once MIC consents -> conditional subtotal, not approved
 * every technology: cost 6,600,000 + 660,000 + 1,980,000 + 105,600 + 990,000 = 10,335,600
 *                   eligible 6,600,000 + 660,000 + 990,000 + 105,600 = 8,355,600 = subsidy
 *                   conditional 990,000 (subsidy +990,000 if MIC consents)
 * Local 5G adds 13,000 + 495,000: cost 10,843,600, eligible 8,850,600 = subsidy; the
 * licence support labour (495,000) is flagged to verify (免許関係諸費用?) */
static void test_money__factory_2_1_cost_lines_by_hand(void **state)
{
    (void)state;
    const expect e[] = {{"l5g-sub6-indoor", 10843600, 8850600, 8850600, 990000, 495000},
                        {"wifi6e-lpi", 10335600, 8355600, 8355600, 990000, 0},
                        {"wifi7", 10335600, 8355600, 8355600, 990000, 0}};
    check_example("factory-local5g.xml", e, 3, NULL);
}

/* ②-3 bus line, period 2025-07-01 .. 2026-01-31 = 7 months (Jul..Jan), rate 1,
 * cap 250,000,000 (not reached):
 *   verification labour  8,000,000 x 1.1           =  8,800,000  eligible
 *   app development      3,500,000 x 1.1           =  3,850,000  eligible
 *   trips                40 x 30,000 x 1.1         =  1,320,000  eligible
 *   data plans           4 x 8,000 x 1.1 = 35,200/month, 2025-07 .. 2026-06 = 12 months
 *                        = 422,400; Jul..Jan 7 months = 246,400 eligible, 176,000 not
 *   licence fees         7 x 6,500 (no tax)        =     45,500  ineligible (L5G only)
 * every technology: cost 8,800,000 + 3,850,000 + 1,320,000 + 422,400 = 14,392,400
 *                   eligible 8,800,000 + 3,850,000 + 1,320,000 + 246,400 = 14,216,400
 * Local 5G: cost 14,437,900, eligible 14,216,400 */
static void test_money__bus_2_3_cost_lines_by_hand(void **state)
{
    (void)state;
    const expect e[] = {{"l5g-sub6", 14437900, 14216400, 14216400, 0, 0},
                        {"wifi6e-vlp", 14392400, 14216400, 14216400, 0, 0},
                        {"ltem-carrier", 14392400, 14216400, 14216400, 0, 0}};
    check_example("bus-route-level4.xml", e, 3, NULL);
}

/* ③ farm, grant period 2025-10-01 .. 2026-03-31 = 6 months, horizon 5 years,
 * rate 1/2, fees paid yearly (no cloud_booked):
 *   design + installation labour  2,400,000 x 1.1   = 2,640,000  eligible
 *   farm app (cloud)  50,000 x 1.1 = 55,000/month x 60 months = 3,300,000;
 *                     Oct..Mar 6 months = 330,000 eligible, 54 months not
 *   installers' travel  12 x 25,000 x 1.1           =   330,000  ineligible under ③
 * cost 2,640,000 + 3,300,000 + 330,000 = 6,270,000; eligible 2,640,000 + 330,000
 * = 2,970,000; subsidy 2,970,000 / 2 = 1,485,000.
 * compare_booking: booked in year 1, the 60 months (<= 60, ※3) are all eligible:
 * eligible 2,640,000 + 3,300,000 = 5,940,000, subsidy 2,970,000; the booked
 * option raises the lines' subsidy by 2,970,000 - 1,485,000 = 1,485,000. */
static void test_money__farm_3_cost_lines_and_booking_by_hand(void **state)
{
    (void)state;
    /* mixed-1 (LoRaWAN sensors + Local 5G cameras) counts the lines once, not per part */
    const expect e[] = {{"lorawan-as923", 6270000, 2970000, 1485000, 0, 0},
                        {"halow", 6270000, 2970000, 1485000, 0, 0},
                        {"mixed-1", 6270000, 2970000, 1485000, 0, 0}};
    double diff[6];
    check_example("farm-halow-lorawan.xml", e, 3, diff);
    for (int k = 0; k < 3; k++) {
        dx_assert_close(diff[2 * k], 2970000, 0.5, 0);
        dx_assert_close(diff[2 * k + 1], 1485000, 0.5, 0);
    }
}

static int check_passed(const dx_programme_result *r, const char *rule)
{
    for (size_t i = 0; i < dx_programme_result_check_count(r); i++) {
        dx_programme_check c;
        assert_int_equal(dx_programme_result_check(r, i, &c), DX_OK);
        if (strstr(c.rule, rule))
            return c.passed;
    }
    return -1; /* not run */
}

/* ②-3 (briefing ②-3 <実施主体>: ※地方公共団体を1以上含むコンソーシアムを形成して
 * いることが要件, FIRM): a municipality applying alone has a local government
 * but forms no consortium (two or more members: ASSUMED reading, verify). */
static void test_money__lone_municipality_is_not_a_2_3_consortium(void **state)
{
    (void)state;
    dx_cost_item it;
    memset(&it, 0, sizeof it);
    snprintf(it.name, sizeof it.name, "verification labour");
    it.category = DX_COST_CAT_LABOUR;
    it.procurement = DX_PROCURE_SERVICE;
    it.unit_price_jpy = 1e7;
    it.quantity = 1;
    it.in_period = 1;
    it.leasable = 1;
    struct {
        dx_applicant_type type;
        int lg, members, ok;
    } cases[] = {
        {DX_APPLICANT_MUNICIPALITY, 1, 0, 0}, /* alone */
        {DX_APPLICANT_MUNICIPALITY, 0, 0, 0}, /* alone, count not given */
        {DX_APPLICANT_MUNICIPALITY, 2, 0, 1}, /* with a second town */
        {DX_APPLICANT_MUNICIPALITY, 1, 3, 1}, /* with a bus operator and a vendor */
        {DX_APPLICANT_COMPANY, 1, 0, 1},      /* company + the town */
        {DX_APPLICANT_COMPANY, 0, 0, 0},      /* company alone: no local government either */
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        dx_applicant a;
        assert_int_equal(dx_programme_applicant_init(&a), DX_OK);
        a.type = cases[k].type;
        a.consortium_local_governments = cases[k].lg;
        a.consortium_members = cases[k].members;
        dx_programme_result *r = NULL;
        assert_int_equal(dx_programme_evaluate("r7-2-3", 1, &it, &a, &r), DX_OK);
        assert_int_equal(check_passed(r, "consortium_min_members"), cases[k].ok);
        dx_programme_totals t;
        assert_int_equal(dx_programme_result_totals(r, &t), DX_OK);
        int ok = cases[k].ok && (cases[k].lg >= 1 || a.type == DX_APPLICANT_MUNICIPALITY);
        dx_assert_close(t.subsidy_jpy, ok ? 1.1e7 : 0.0, 1e-3, 0);
        dx_programme_result_free(r);
    }
    /* ③ has no such rule (※1 binds only company / organisation applicants) */
    dx_applicant a;
    assert_int_equal(dx_programme_applicant_init(&a), DX_OK);
    dx_programme_result *r = NULL;
    assert_int_equal(dx_programme_evaluate("r7-3", 1, &it, &a, &r), DX_OK);
    assert_int_equal(check_passed(r, "consortium_min_members"), -1);
    dx_programme_result_free(r);
}

/* ①-3 limits set in the scenario (<programme visits online_hours>): briefing
 * ①-3 現地派遣を含む支援であれば年間3回まで (FIRM). */
static void test_money__advisor_visits_from_the_scenario(void **state)
{
    (void)state;
    const char *xml =
        "<?xml version=\"1.0\"?><scenario name=\"a\">"
        "<area width_m=\"500\" height_m=\"500\" environment=\"rural\"/>"
        "<demand><devices name=\"s\" count=\"10\" message_bytes=\"10\" messages_per_day=\"24\" "
        "role=\"solution\" solution_price_jpy=\"20000\"/></demand>"
        "<technologies><technology id=\"lorawan-as923\"/></technologies>"
        "<programme menu=\"r7-1-3\" visits=\"5\"/></scenario>";
    dx_results *r = run(xml, strlen(xml), "a.xml");
    char *md = NULL;
    assert_int_equal(dx_results_render(r, DX_REPORT_MARKDOWN, &md), DX_OK);
    /* the report's default language is Japanese: the ①-3 limit in Japanese (it was English) */
    assert_non_null(strstr(md, "現地派遣を年 5 回希望（上限 3 回）"));
    assert_null(strstr(md, "on-site visits a year requested"));
    dx_free(md);
    dx_results_free(r);
}

/* dx_compare_check is what dx_compare_run refuses first (and `dxsim validate`
 * calls it): the same code and message for an unknown uncertainty target. */
static void test_money__check_refuses_what_run_refuses(void **state)
{
    (void)state;
    const char *xml =
        "<?xml version=\"1.0\"?><scenario name=\"u\">"
        "<area width_m=\"500\" height_m=\"500\" environment=\"rural\"/>"
        "<demand><devices name=\"s\" count=\"10\" message_bytes=\"10\" messages_per_day=\"24\" "
        "role=\"solution\"/></demand>"
        "<technologies><technology id=\"lorawan-as923\"/></technologies>"
        "<uncertainty draws=\"100\"><input target=\"price:no.such.key\" dist=\"uniform\" "
        "a=\"1\" b=\"2\"/></uncertainty></scenario>";
    dx_scenario *sc = NULL;
    assert_int_equal(dx_scenario_load_memory(xml, strlen(xml), "u.xml", NULL, &sc), DX_OK);
    dx_status c = dx_compare_check(sc);
    assert_int_not_equal(c, DX_OK);
    char msg[512];
    snprintf(msg, sizeof msg, "%s", dx_last_error());
    assert_non_null(strstr(msg, "no.such.key"));
    dx_results *r = NULL;
    assert_int_equal(dx_compare_run(sc, &r), c);
    assert_null(r);
    assert_string_equal(dx_last_error(), msg);
    dx_scenario_free(sc);
}

/* B/C percentiles over the farm example's draws (price scales only): ordered,
 * spread around the base B/C, NaN where the base run has no B/C. Only
 * consistency: no published B/C exists for this example. */
static void test_money__benefit_cost_percentiles_when_uncertain(void **state)
{
    (void)state;
    size_t len;
    char *xml = read_example("farm-halow-lorawan.xml", &len);
    dx_results *r = run(xml, len, "farm-halow-lorawan.xml");
    size_t with_bc = 0;
    for (size_t i = 0; i < dx_results_count(r); i++) {
        dx_tech_result t;
        assert_int_equal(dx_results_get(r, i, &t), DX_OK);
        if (!isfinite(t.benefit_cost_ratio)) {
            assert_true(isnan(t.benefit_cost_p50_ratio));
            continue;
        }
        with_bc++;
        assert_true(t.benefit_cost_p10_ratio <= t.benefit_cost_p50_ratio);
        assert_true(t.benefit_cost_p50_ratio <= t.benefit_cost_p90_ratio);
        assert_true(t.benefit_cost_p10_ratio < t.benefit_cost_p90_ratio); /* prices move */
        assert_true(t.benefit_cost_p10_ratio <= t.benefit_cost_ratio * 1.0001 &&
                    t.benefit_cost_ratio <= t.benefit_cost_p90_ratio * 1.0001);
    }
    assert_true(with_bc >= 2);
    dx_results_free(r);
    free(xml);
}

/* <applicant deducts_input_tax="yes">: eligible cost and subsidy are the
 * tax-excluded amounts (every price here carries the 10 % tax, domain-japan
 * §5, so both are divided by 1.1); the cost paid is unchanged. */
static void test_money__input_tax_deduction_pays_tax_excluded(void **state)
{
    (void)state;
    size_t len;
    char *xml = read_example("farm-halow-lorawan.xml", &len);
    char *at = strstr(xml, "<applicant type=\"company\"");
    assert_non_null(at);
    const char *ins = " deducts_input_tax=\"yes\"";
    char *x2 = malloc(len + strlen(ins) + 1);
    assert_non_null(x2);
    size_t head = (size_t)(at - xml) + strlen("<applicant");
    memcpy(x2, xml, head);
    strcpy(x2 + head, ins);
    strcat(x2, xml + head);
    dx_results *ra = run(xml, len, "farm"), *rb = run(x2, strlen(x2), "farm-deduct");
    dx_tech_result a, b;
    int found = 0;
    for (size_t i = 0; i < dx_results_count(ra); i++) {
        assert_int_equal(dx_results_get(ra, i, &a), DX_OK);
        if (strcmp(a.id, "lorawan-as923") == 0) {
            found = 1;
            break;
        }
    }
    assert_true(found);
    for (size_t i = 0; i < dx_results_count(rb); i++) {
        assert_int_equal(dx_results_get(rb, i, &b), DX_OK);
        if (strcmp(b.id, "lorawan-as923") == 0)
            break;
    }
    assert_string_equal(b.id, "lorawan-as923");
    dx_assert_close(b.cost_jpy[b.mode], a.cost_jpy[a.mode], 0.5, 0);
    dx_assert_close(b.eligible_jpy, a.eligible_jpy / 1.1, 0.5, 0);
    dx_assert_close(b.subsidy_jpy, a.subsidy_jpy / 1.1, 0.5, 0);
    dx_assert_close(b.eligible_tax_excluded_jpy, b.eligible_jpy, 0.5, 0);
    dx_results_free(ra);
    dx_results_free(rb);
    free(x2);
    free(xml);
}

/* xml with its first `old` replaced by `rep` (malloc'ed) */
static char *subst(const char *xml, const char *old, const char *rep)
{
    const char *at = strstr(xml, old);
    assert_non_null(at);
    char *out = malloc(strlen(xml) - strlen(old) + strlen(rep) + 1);
    assert_non_null(out);
    memcpy(out, xml, (size_t)(at - xml));
    strcpy(out + (at - xml), rep);
    strcat(out, at + strlen(old));
    return out;
}

static void test_money__dated_item_with_months_0_runs_to_the_horizon(void **state)
{
    (void)state;
    /* months="0" (= the horizon) on an item dated after the project start failed
     * the run (items[0].months = 1e+06 ... allowed 0 .. 12000) that validate passed */
    size_t len;
    char *xml = read_example("factory-agv-r7-2-2.xml", &len);
    const char *old = "start=\"2025-11-01\" months=\"12\"";
    char *x0 = subst(xml, old, "start=\"2025-11-01\" months=\"0\"");
    /* the horizon is 3 years: 360 months run past it, as 0 does */
    char *x360 = subst(xml, old, "start=\"2025-11-01\" months=\"360\"");
    dx_results *r0 = run(x0, strlen(x0), "months-0"), *r360 = run(x360, strlen(x360), "months-360");
    assert_int_equal(dx_results_count(r0), dx_results_count(r360));
    for (size_t i = 0; i < dx_results_count(r0); i++) {
        dx_tech_result a, b;
        assert_int_equal(dx_results_get(r0, i, &a), DX_OK);
        assert_int_equal(dx_results_get(r360, i, &b), DX_OK);
        assert_string_equal(a.id, b.id);
        assert_true(isfinite(a.cost_jpy[a.mode]) && a.cost_jpy[a.mode] > 0);
        dx_assert_close(a.cost_jpy[a.mode], b.cost_jpy[b.mode], 0.5, 0);
    }
    dx_results_free(r0);
    dx_results_free(r360);
    free(x0);
    free(x360);
    free(xml);
}

int main(void)
{
    dx_global_init(DX_INIT_GSL_HANDLER_OFF);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_money__factory_2_1_cost_lines_by_hand),
        cmocka_unit_test(test_money__bus_2_3_cost_lines_by_hand),
        cmocka_unit_test(test_money__farm_3_cost_lines_and_booking_by_hand),
        cmocka_unit_test(test_money__lone_municipality_is_not_a_2_3_consortium),
        cmocka_unit_test(test_money__advisor_visits_from_the_scenario),
        cmocka_unit_test(test_money__check_refuses_what_run_refuses),
        cmocka_unit_test(test_money__benefit_cost_percentiles_when_uncertain),
        cmocka_unit_test(test_money__input_tax_deduction_pays_tax_excluded),
        cmocka_unit_test(test_money__dated_item_with_months_0_runs_to_the_horizon),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
