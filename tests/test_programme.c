/* Tests of the MIC programme rules engine (include/dxsim/programme.h).
 * Independent truth: the rules as written in the MIC Kanto bureau briefing of
 * March 2025 (mic-briefing-2025.txt) and domain-japan.md §5/§6; expected amounts
 * are hand calculations from those rules (tests/data/programme_items.csv). */
#define _POSIX_C_SOURCE 200809L
#include "dx_test.h"
#include <dxsim.h>

static const char *const cat_names[] = {
    "equipment", "software", "lease", "subscription", "cloud", "labour", "communications",
    "utilities", "travel", "construction", "licence-application-fee", "radio-usage-fee", "other"};
static const char *const proc_names[] = {"purchase", "lease", "subscription", "service"};
static const char *const role_names[] = {"network", "solution", "other"};

static int lookup(const char *const *names, int n, const char *s)
{
    for (int i = 0; i < n; i++)
        if (strcmp(names[i], s) == 0)
            return i;
    return -1;
}

static dx_cost_item item(const char *name, dx_cost_category cat, dx_procurement proc,
                         dx_cost_role role, double price_jpy, int tax_incl, double qty)
{
    dx_cost_item it;
    memset(&it, 0, sizeof it);
    snprintf(it.name, sizeof it.name, "%s", name);
    it.category = cat;
    it.procurement = proc;
    it.role = role;
    it.unit_price_jpy = price_jpy;
    it.tax_included = tax_incl;
    it.quantity = qty;
    it.useful_life_years = 10;
    it.leasable = 1;
    it.in_period = 1;
    return it;
}

static dx_applicant applicant(dx_applicant_type t, int lg)
{
    dx_applicant a;
    assert_int_equal(dx_programme_applicant_init(&a), DX_OK);
    a.type = t;
    a.consortium_local_governments = lg;
    return a;
}

static dx_programme_totals eval_totals(const char *menu, size_t n, const dx_cost_item *items,
                                       const dx_applicant *a, dx_programme_result **keep)
{
    dx_programme_result *r = NULL;
    assert_int_equal(dx_programme_evaluate(menu, n, items, a, &r), DX_OK);
    dx_programme_totals t;
    assert_int_equal(dx_programme_result_totals(r, &t), DX_OK);
    if (keep)
        *keep = r;
    else
        dx_programme_result_free(r);
    return t;
}

static int has_warning(const dx_programme_result *r, const char *needle)
{
    for (size_t i = 0; i < dx_programme_result_warning_count(r); i++)
        if (strstr(dx_programme_result_warning(r, i), needle))
            return 1;
    return 0;
}

static const dx_programme_check *find_check(const dx_programme_result *r, const char *rule_suffix,
                                            dx_programme_check *buf)
{
    for (size_t i = 0; i < dx_programme_result_check_count(r); i++) {
        assert_int_equal(dx_programme_result_check(r, i, buf), DX_OK);
        const char *slash = strchr(buf->rule, '/');
        if (slash && strcmp(slash + 1, rule_suffix) == 0)
            return buf;
    }
    return NULL;
}

/* Every row of programme_items.csv: eligible flag, eligible amount and deciding rule. */
static void test_programme__item_rules_match_the_briefing_at_their_edges(void **state)
{
    (void)state;
    dx_csv csv;
    assert_int_equal(dx_csv_load(&csv, "programme_items.csv"), 0);
    assert_true(csv.nrows >= 30);
    dx_applicant a = applicant(DX_APPLICANT_MUNICIPALITY, 1);
    for (int row = 0; row < csv.nrows; row++) {
        int cat = lookup(cat_names, 13, dx_csv_str(&csv, row, "cat"));
        int proc = lookup(proc_names, 4, dx_csv_str(&csv, row, "proc"));
        int role = lookup(role_names, 3, dx_csv_str(&csv, row, "role"));
        assert_true(cat >= 0 && proc >= 0 && role >= 0);
        dx_cost_item it = item(dx_csv_str(&csv, row, "name"), (dx_cost_category)cat,
                               (dx_procurement)proc, (dx_cost_role)role,
                               dx_csv_num(&csv, row, "price_jpy"),
                               (int)dx_csv_num(&csv, row, "tax_incl"), dx_csv_num(&csv, row, "qty"));
        it.useful_life_years = dx_csv_num(&csv, row, "life_y");
        it.leasable = (int)dx_csv_num(&csv, row, "leasable");
        it.months = dx_csv_num(&csv, row, "months");
        it.booked_in_first_year = (int)dx_csv_num(&csv, row, "booked");
        it.in_period = (int)dx_csv_num(&csv, row, "in_period");
        const char *just = dx_csv_str(&csv, row, "just");
        if (strcmp(just, "-") != 0)
            snprintf(it.justification, sizeof it.justification, "%s", just);
        const char *menu = dx_csv_str(&csv, row, "menu");
        dx_programme_result *r = NULL;
        int st = dx_programme_evaluate(menu, 1, &it, &a, &r);
        if (st != DX_OK)
            print_error("row %d (%s): %s\n", row, it.name, dx_last_error());
        assert_int_equal(st, DX_OK);
        dx_programme_item_verdict v;
        assert_int_equal(dx_programme_result_item(r, 0, &v), DX_OK);
        char rule[128];
        snprintf(rule, sizeof rule, "%s/%s", menu, dx_csv_str(&csv, row, "rule"));
        int want = (int)dx_csv_num(&csv, row, "eligible");
        if (v.eligible != want || strcmp(v.rule, rule) != 0)
            print_error("row %d (%s): eligible %d rule %s reason '%s'; expected %d %s\n", row,
                        it.name, v.eligible, v.rule, v.reason, want, rule);
        assert_int_equal(v.eligible, want);
        assert_string_equal(v.rule, rule);
        dx_assert_close(v.eligible_jpy, dx_csv_num(&csv, row, "eligible_jpy"), 1e-6, 1e-12);
        assert_true(v.reason[0] != '\0');
        assert_true(v.source[0] != '\0');
        dx_programme_result_free(r);
    }
    dx_csv_free(&csv);
}

static void test_programme__demonstration_warns_about_monthly_items_longer_than_a_year(void **state)
{
    (void)state;
    dx_applicant a = applicant(DX_APPLICANT_MUNICIPALITY, 1);
    dx_cost_item it = item("HaLow AP lease", DX_COST_CAT_LEASE, DX_PROCURE_LEASE,
                           DX_COST_ROLE_NETWORK, 4800, 0, 6);
    it.months = 12;
    dx_programme_result *r = NULL;
    eval_totals("r7-2-1", 1, &it, &a, &r);
    assert_false(has_warning(r, "months inside the demonstration period"));
    dx_programme_result_free(r);
    it.months = 13;
    eval_totals("r7-2-1", 1, &it, &a, &r);
    assert_true(has_warning(r, "months inside the demonstration period"));
    dx_programme_result_free(r);
}

static void test_programme__item_texts_without_nul_are_read_within_their_arrays(void **state)
{
    (void)state;
    dx_applicant a = applicant(DX_APPLICANT_COMPANY, 0);
    dx_cost_item it = item("x", DX_COST_CAT_EQUIPMENT, DX_PROCURE_PURCHASE, DX_COST_ROLE_SOLUTION,
                           250000, 1, 1);
    it.leasable = 0;
    memset(it.name, 'N', sizeof it.name);                   /* no terminating NUL */
    memset(it.justification, 'J', sizeof it.justification); /* no terminating NUL */
    dx_programme_result *r = NULL;
    assert_int_equal(dx_programme_evaluate("r7-2-1", 1, &it, &a, &r), DX_OK);
    dx_programme_item_verdict v;
    assert_int_equal(dx_programme_result_item(r, 0, &v), DX_OK);
    assert_int_equal(v.eligible, 1);
    assert_string_equal(v.rule, "r7-2-1/unleasable_with_reason");
    dx_programme_result_free(r);
}

static void test_programme__verify_flagged_rules_say_check_the_call_guidelines(void **state)
{
    (void)state;
    dx_applicant a = applicant(DX_APPLICANT_COMPANY, 0);
    dx_cost_item it = item("LoRa sensor", DX_COST_CAT_EQUIPMENT, DX_PROCURE_PURCHASE,
                           DX_COST_ROLE_SOLUTION, 24800, 1, 3);
    dx_programme_result *r = NULL;
    assert_int_equal(dx_programme_evaluate("r7-2-1", 1, &it, &a, &r), DX_OK);
    dx_programme_item_verdict v;
    assert_int_equal(dx_programme_result_item(r, 0, &v), DX_OK);
    assert_non_null(strstr(v.reason, "公募要領"));
    assert_true(has_warning(r, "公募要領"));
    dx_programme_result_free(r);
}

/* ②-1 is a fixed-amount contract: the whole eligible cost is paid; guidance 10M-100M warns only. */
static void test_programme__demonstration_pays_full_eligible_cost_and_warns_outside_10m_100m(void **state)
{
    (void)state;
    dx_applicant a = applicant(DX_APPLICANT_COMPANY, 0);
    dx_cost_item items[2] = {
        item("L5G as a service", DX_COST_CAT_SUBSCRIPTION, DX_PROCURE_SUBSCRIPTION,
             DX_COST_ROLE_NETWORK, 1000000, 1, 1),
        item("licence application", DX_COST_CAT_LICENCE_APPLICATION_FEE, DX_PROCURE_SERVICE,
             DX_COST_ROLE_OTHER, 2900, 1, 1)};
    const double months[] = {9.99, 10.0, 100.0, 100.1};
    const int ok[] = {0, 1, 1, 0};
    for (int k = 0; k < 4; k++) {
        items[0].months = months[k];
        dx_programme_result *r = NULL;
        dx_programme_totals t = eval_totals("r7-2-1", 2, items, &a, &r);
        dx_assert_close(t.eligible_total_jpy, 1e6 * months[k], 1e-6, 1e-12);
        dx_assert_close(t.ineligible_total_jpy, 2900, 1e-6, 0);
        dx_assert_close(t.funding_ratio, 1.0, 0, 0);
        dx_assert_close(t.subsidy_jpy, t.eligible_total_jpy, 1e-6, 0);
        dx_assert_close(t.applicant_burden_jpy, 2900, 1e-6, 1e-12);
        assert_int_equal(t.project_eligible, 1);
        dx_programme_check c;
        const dx_programme_check *pc = find_check(r, k == 0 ? "size_min_jpy" : "size_max_jpy", &c);
        assert_non_null(pc);
        assert_int_equal(pc->passed, ok[k]);
        assert_int_equal(pc->blocking, 0);
        dx_programme_result_free(r);
    }
}

/* ③: 1/2 of eligible cost; a company needs a consortium with >= 1 local government. */
static void test_programme__subsidy_is_half_and_company_needs_a_local_government(void **state)
{
    (void)state;
    dx_cost_item items[3] = {
        item("L5G base station", DX_COST_CAT_EQUIPMENT, DX_PROCURE_PURCHASE, DX_COST_ROLE_NETWORK,
             8000000, 0, 2),
        item("AI camera", DX_COST_CAT_EQUIPMENT, DX_PROCURE_PURCHASE, DX_COST_ROLE_SOLUTION, 120000,
             0, 10),
        item("licence application", DX_COST_CAT_LICENCE_APPLICATION_FEE, DX_PROCURE_SERVICE,
             DX_COST_ROLE_OTHER, 2900, 1, 1)};
    double eligible = 2 * 8800000.0 + 10 * 132000.0;
    dx_applicant with = applicant(DX_APPLICANT_COMPANY, 1);
    dx_programme_totals t = eval_totals("r7-3", 3, items, &with, NULL);
    assert_int_equal(t.project_eligible, 1);
    dx_assert_close(t.eligible_total_jpy, eligible, 1e-6, 1e-12);
    dx_assert_close(t.subsidy_jpy, eligible / 2, 1e-6, 1e-12);
    dx_assert_close(t.applicant_burden_jpy, eligible / 2 + 2900, 1e-6, 1e-12);

    dx_applicant without = applicant(DX_APPLICANT_COMPANY, 0);
    dx_programme_result *r = NULL;
    t = eval_totals("r7-3", 3, items, &without, &r);
    assert_int_equal(t.project_eligible, 0);
    dx_assert_close(t.subsidy_jpy, 0, 0, 0);
    dx_assert_close(t.applicant_burden_jpy, eligible + 2900, 1e-6, 1e-12);
    dx_assert_close(t.eligible_total_jpy, eligible, 1e-6, 1e-12); /* items keep their verdicts */
    dx_programme_check c;
    assert_non_null(find_check(r, "non_government_needs_local_government", &c));
    assert_int_equal(c.passed, 0);
    assert_int_equal(c.blocking, 1);
    assert_true(has_warning(r, "NOT ELIGIBLE"));
    dx_programme_result_free(r);

    /* a municipality needs no consortium */
    dx_applicant city = applicant(DX_APPLICANT_MUNICIPALITY, 0);
    t = eval_totals("r7-3", 3, items, &city, NULL);
    assert_int_equal(t.project_eligible, 1);
}

static void test_programme__network_only_or_solution_only_design_gets_no_subsidy(void **state)
{
    (void)state;
    dx_applicant a = applicant(DX_APPLICANT_MUNICIPALITY, 1);
    dx_cost_item net[2] = {
        item("Wi-Fi 6E AP", DX_COST_CAT_EQUIPMENT, DX_PROCURE_PURCHASE, DX_COST_ROLE_NETWORK,
             140000, 0, 24),
        item("AP installation", DX_COST_CAT_LABOUR, DX_PROCURE_SERVICE, DX_COST_ROLE_NETWORK, 50000,
             0, 24)};
    dx_programme_result *r = NULL;
    dx_programme_totals t = eval_totals("r7-3", 2, net, &a, &r);
    assert_int_equal(t.project_eligible, 0);
    dx_assert_close(t.subsidy_jpy, 0, 0, 0);
    dx_programme_check c;
    assert_non_null(find_check(r, "require_network_and_solution", &c));
    assert_int_equal(c.passed, 0);
    assert_non_null(strstr(c.reason, "network-only"));
    dx_programme_result_free(r);

    dx_cost_item sol = item("water-level sensor", DX_COST_CAT_EQUIPMENT, DX_PROCURE_PURCHASE,
                            DX_COST_ROLE_SOLUTION, 25000, 0, 40);
    t = eval_totals("r7-3", 1, &sol, &a, &r);
    assert_int_equal(t.project_eligible, 0);
    assert_non_null(find_check(r, "require_network_and_solution", &c));
    assert_non_null(strstr(c.reason, "solution-only"));
    dx_programme_result_free(r);

    dx_cost_item both[2] = {net[0], sol};
    t = eval_totals("r7-3", 2, both, &a, NULL);
    assert_int_equal(t.project_eligible, 1);
    dx_assert_close(t.subsidy_jpy, 0.5 * (24 * 154000.0 + 40 * 27500.0), 1e-6, 1e-12);
}

/* ②-2 about 100M, ②-3 about 250M (consortium with a local government required). */
static void test_programme__demonstration_caps_and_level4_consortium(void **state)
{
    (void)state;
    dx_cost_item big = item("AI verification service", DX_COST_CAT_LABOUR, DX_PROCURE_SERVICE,
                            DX_COST_ROLE_SOLUTION, 123456789, 1, 1);
    dx_applicant co = applicant(DX_APPLICANT_COMPANY, 0);
    dx_programme_totals t = eval_totals("r7-2-2", 1, &big, &co, NULL);
    dx_assert_close(t.cap_jpy, 1e8, 0, 0);
    dx_assert_close(t.subsidy_jpy, 1e8, 0, 0);
    dx_assert_close(t.applicant_burden_jpy, 23456789, 1e-6, 0);
    assert_int_equal(t.project_eligible, 1);

    big.unit_price_jpy = 99999999;
    t = eval_totals("r7-2-2", 1, &big, &co, NULL);
    dx_assert_close(t.subsidy_jpy, 99999999, 0, 0);

    big.unit_price_jpy = 260000000;
    dx_programme_result *r = NULL;
    t = eval_totals("r7-2-3", 1, &big, &co, &r);
    assert_int_equal(t.project_eligible, 0);
    dx_programme_check c;
    assert_non_null(find_check(r, "consortium_needs_local_government", &c));
    assert_int_equal(c.passed, 0);
    dx_programme_result_free(r);
    co.consortium_local_governments = 1;
    t = eval_totals("r7-2-3", 1, &big, &co, NULL);
    assert_int_equal(t.project_eligible, 1);
    dx_assert_close(t.subsidy_jpy, 2.5e8, 0, 0);
}

/* ①-1: fiscal strength index >= 1 is out; non-government only gov-funded or non-profit. */
static void test_programme__planning_support_excludes_strong_finances_and_companies(void **state)
{
    (void)state;
    dx_applicant a = applicant(DX_APPLICANT_MUNICIPALITY, 0);
    const double fsi[] = {0.999, 1.0, 1.001, 0.385};
    const int ok[] = {1, 0, 0, 1};
    for (int k = 0; k < 4; k++) {
        a.fiscal_strength_index = fsi[k];
        dx_programme_totals t = eval_totals("r7-1-1", 0, NULL, &a, NULL);
        assert_int_equal(t.project_eligible, ok[k]);
        dx_assert_close(t.subsidy_jpy, 0, 0, 0); /* in-kind support */
    }
    a.fiscal_strength_index = 0.42;
    const dx_applicant_type types[] = {DX_APPLICANT_PREFECTURE, DX_APPLICANT_COMPANY,
                                       DX_APPLICANT_NONPROFIT, DX_APPLICANT_GOV_FUNDED_CORPORATION};
    const int tok[] = {1, 0, 1, 1};
    for (int k = 0; k < 4; k++) {
        a.type = types[k];
        dx_programme_totals t = eval_totals("r7-1-1", 0, NULL, &a, NULL);
        assert_int_equal(t.project_eligible, tok[k]);
    }
    /* unknown index: passes with a warning */
    a.type = DX_APPLICANT_MUNICIPALITY;
    a.fiscal_strength_index = NAN;
    dx_programme_result *r = NULL;
    dx_programme_totals t = eval_totals("r7-1-1", 0, NULL, &a, &r);
    assert_int_equal(t.project_eligible, 1);
    assert_true(has_warning(r, "財政力指数"));
    dx_programme_result_free(r);
}

/* ①-2: a prefecture with >= 1 partner (one more than before if selected); cap 100M / 50M. */
static void test_programme__structure_support_partners_and_caps(void **state)
{
    (void)state;
    dx_cost_item it = item("expert dispatch", DX_COST_CAT_LABOUR, DX_PROCURE_SERVICE,
                           DX_COST_ROLE_OTHER, 73500000, 1, 1);
    dx_applicant a = applicant(DX_APPLICANT_PREFECTURE, 1);
    a.partner_municipalities = 0;
    assert_int_equal(eval_totals("r7-1-2", 1, &it, &a, NULL).project_eligible, 0);
    a.partner_municipalities = 1;
    dx_programme_totals t = eval_totals("r7-1-2", 1, &it, &a, NULL);
    assert_int_equal(t.project_eligible, 1);
    dx_assert_close(t.subsidy_jpy, 73500000, 0, 0);
    dx_assert_close(t.cap_jpy, 1e8, 0, 0);

    a.previously_selected = 1;
    a.previous_partner_municipalities = 4;
    a.partner_municipalities = 4;
    assert_int_equal(eval_totals("r7-1-2", 1, &it, &a, NULL).project_eligible, 0);
    a.partner_municipalities = 5;
    t = eval_totals("r7-1-2", 1, &it, &a, NULL);
    assert_int_equal(t.project_eligible, 1);
    dx_assert_close(t.cap_jpy, 5e7, 0, 0);
    dx_assert_close(t.subsidy_jpy, 5e7, 0, 0);

    dx_applicant city = applicant(DX_APPLICANT_MUNICIPALITY, 1);
    city.partner_municipalities = 3;
    assert_int_equal(eval_totals("r7-1-2", 1, &it, &city, NULL).project_eligible, 0);
}

/* ①-3: up to 3 on-site visits a year, or 10 hours online only. */
static void test_programme__adviser_dispatch_limits(void **state)
{
    (void)state;
    dx_applicant a = applicant(DX_APPLICANT_MUNICIPALITY, 0);
    dx_programme_check c;
    dx_programme_result *r = NULL;
    const int visits[] = {3, 4};
    for (int k = 0; k < 2; k++) {
        a.advisor_onsite_visits_per_year = visits[k];
        eval_totals("r7-1-3", 0, NULL, &a, &r);
        assert_non_null(find_check(r, "advisor_max_onsite_visits", &c));
        assert_int_equal(c.passed, k == 0);
        dx_programme_result_free(r);
    }
    a.advisor_onsite_visits_per_year = 0;
    const double hours[] = {10.0, 10.5};
    for (int k = 0; k < 2; k++) {
        a.advisor_online_hours_per_year = hours[k];
        eval_totals("r7-1-3", 0, NULL, &a, &r);
        assert_non_null(find_check(r, "advisor_max_online_hours", &c));
        assert_int_equal(c.passed, k == 0);
        dx_programme_result_free(r);
    }
    dx_applicant co = applicant(DX_APPLICANT_COMPANY, 0);
    assert_int_equal(eval_totals("r7-1-3", 0, NULL, &co, NULL).project_eligible, 0);
    co.consortium_local_governments = 1;
    assert_int_equal(eval_totals("r7-1-3", 0, NULL, &co, NULL).project_eligible, 1);
    dx_applicant npo = applicant(DX_APPLICANT_NONPROFIT, 0);
    assert_int_equal(eval_totals("r7-1-3", 0, NULL, &npo, &r).project_eligible, 1);
    assert_true(has_warning(r, "推薦"));
    dx_programme_result_free(r);
}

static void test_programme__parameters_are_readable_with_their_class(void **state)
{
    (void)state;
    double v = 0;
    dx_value_class cls = DX_VALUE_UNVERIFIED;
    assert_int_equal(dx_programme_param("r7-3", "funding_ratio", &v, &cls), DX_OK);
    dx_assert_close(v, 0.5, 0, 0);
    assert_int_equal(cls, DX_VALUE_FIRM);
    assert_int_equal(dx_programme_param("r7-2-1", "purchase_limit_jpy_incl_tax", &v, NULL), DX_OK);
    dx_assert_close(v, 100000, 0, 0);
    assert_int_equal(dx_programme_param("r7-2-1", "no_such_key", &v, NULL), DX_ENOTFOUND);
    assert_non_null(strstr(dx_last_error(), "no_such_key"));
}

static void test_programme__errors_name_the_argument(void **state)
{
    (void)state;
    dx_applicant a = applicant(DX_APPLICANT_MUNICIPALITY, 0);
    dx_cost_item items[2] = {
        item("AP", DX_COST_CAT_EQUIPMENT, DX_PROCURE_PURCHASE, DX_COST_ROLE_NETWORK, 140000, 0, 2),
        item("bad", DX_COST_CAT_EQUIPMENT, DX_PROCURE_PURCHASE, DX_COST_ROLE_NETWORK, -1, 0, 2)};
    dx_programme_result *r = (dx_programme_result *)&a; /* must be reset to NULL */
    assert_int_equal(dx_programme_evaluate("r7-2-1", 2, items, &a, &r), DX_EDOMAIN);
    assert_null(r);
    assert_non_null(strstr(dx_last_error(), "items[1].unit_price_jpy"));

    items[1] = item("cloud", DX_COST_CAT_CLOUD, DX_PROCURE_SUBSCRIPTION, DX_COST_ROLE_SOLUTION,
                    30000, 0, 1);
    assert_int_equal(dx_programme_evaluate("r7-2-1", 2, items, &a, &r), DX_EDOMAIN);
    assert_non_null(strstr(dx_last_error(), "items[1].months"));
    items[1].months = 12;

    items[0].category = (dx_cost_category)13;
    assert_int_equal(dx_programme_evaluate("r7-2-1", 2, items, &a, &r), DX_EINVAL);
    assert_non_null(strstr(dx_last_error(), "items[0].category"));
    items[0].category = DX_COST_CAT_EQUIPMENT;

    assert_int_equal(dx_programme_evaluate("r7-9", 2, items, &a, &r), DX_ENOTFOUND);
    assert_non_null(strstr(dx_last_error(), "r7-9"));
    assert_int_equal(dx_programme_evaluate("r6-2-1", 2, items, &a, &r), DX_ENOTFOUND);
    assert_non_null(strstr(dx_last_error(), "r6"));
    assert_int_equal(dx_programme_evaluate("local5g", 2, items, &a, &r), DX_ENOTFOUND);

    assert_int_equal(dx_programme_evaluate(NULL, 2, items, &a, &r), DX_EINVAL);
    assert_non_null(strstr(dx_last_error(), "menu"));
    assert_int_equal(dx_programme_evaluate("r7-2-1", 2, NULL, &a, &r), DX_EINVAL);
    assert_non_null(strstr(dx_last_error(), "items"));
    assert_int_equal(dx_programme_evaluate("r7-2-1", 2, items, NULL, &r), DX_EINVAL);
    assert_non_null(strstr(dx_last_error(), "applicant"));

    a.fiscal_strength_index = -0.5;
    assert_int_equal(dx_programme_evaluate("r7-1-1", 0, NULL, &a, &r), DX_EDOMAIN);
    assert_non_null(strstr(dx_last_error(), "fiscal_strength_index"));
    a.fiscal_strength_index = NAN;
    a.type = (dx_applicant_type)7;
    assert_int_equal(dx_programme_evaluate("r7-1-1", 0, NULL, &a, &r), DX_EINVAL);
    assert_non_null(strstr(dx_last_error(), "applicant->type"));

    /* accessors */
    a.type = DX_APPLICANT_MUNICIPALITY;
    assert_int_equal(dx_programme_evaluate("r7-2-1", 2, items, &a, &r), DX_OK);
    dx_programme_item_verdict v;
    assert_int_equal(dx_programme_result_item(r, 2, &v), DX_EINVAL);
    assert_non_null(strstr(dx_last_error(), "i = 2"));
    assert_null(dx_programme_result_warning(r, 999));
    assert_true(dx_programme_result_warning_count(r) >= 1);
    assert_string_equal(dx_programme_result_menu(r), "r7-2-1");
    assert_non_null(strstr(dx_programme_result_title(r), "②-1"));
    dx_programme_result_free(r);
    dx_programme_result_free(NULL);
}

static void test_programme__applicant_type_names_round_trip(void **state)
{
    (void)state;
    for (int t = DX_APPLICANT_MUNICIPALITY; t <= DX_APPLICANT_GOV_FUNDED_CORPORATION; t++) {
        dx_applicant_type back;
        assert_int_equal(dx_applicant_type_from_name(dx_applicant_type_name((dx_applicant_type)t),
                                                     &back),
                         DX_OK);
        assert_int_equal(back, t);
    }
    assert_string_equal(dx_applicant_type_name(DX_APPLICANT_COMPANY), "company");
    assert_string_equal(dx_applicant_type_name((dx_applicant_type)42), "unknown");
    dx_applicant_type t;
    assert_int_equal(dx_applicant_type_from_name("village", &t), DX_ENOTFOUND);
    assert_non_null(strstr(dx_last_error(), "village"));
    assert_non_null(strstr(dx_last_error(), "gov-funded-corporation"));
    assert_int_equal(dx_applicant_type_from_name(NULL, &t), DX_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_programme__item_rules_match_the_briefing_at_their_edges),
        cmocka_unit_test(test_programme__verify_flagged_rules_say_check_the_call_guidelines),
        cmocka_unit_test(test_programme__item_texts_without_nul_are_read_within_their_arrays),
        cmocka_unit_test(test_programme__demonstration_warns_about_monthly_items_longer_than_a_year),
        cmocka_unit_test(test_programme__demonstration_pays_full_eligible_cost_and_warns_outside_10m_100m),
        cmocka_unit_test(test_programme__subsidy_is_half_and_company_needs_a_local_government),
        cmocka_unit_test(test_programme__network_only_or_solution_only_design_gets_no_subsidy),
        cmocka_unit_test(test_programme__demonstration_caps_and_level4_consortium),
        cmocka_unit_test(test_programme__planning_support_excludes_strong_finances_and_companies),
        cmocka_unit_test(test_programme__structure_support_partners_and_caps),
        cmocka_unit_test(test_programme__adviser_dispatch_limits),
        cmocka_unit_test(test_programme__parameters_are_readable_with_their_class),
        cmocka_unit_test(test_programme__errors_name_the_argument),
        cmocka_unit_test(test_programme__applicant_type_names_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
