/* Tests of include/dxsim/cost.h: price book (domain-japan.md §9, §1.4, §5),
 * bill of materials per technology, yearly cash flows computed by hand,
 * Japanese fiscal years, lease factors and the Monte Carlo kernel. */
#define _POSIX_C_SOURCE 200809L
#include "dx_test.h"
#include <dxsim.h>

/* ---- price book ------------------------------------------------------------ */

static void test_pricebook__matches_domain_reference_rows(void **state)
{
    (void)state;
    dx_csv csv;
    assert_int_equal(dx_csv_load(&csv, "cost_pricebook.csv"), 0);
    assert_true(csv.nrows >= 25);
    for (int r = 0; r < csv.nrows; r++) {
        const char *key = dx_csv_str(&csv, r, "key");
        dx_price_entry e;
        if (dx_price_book_find(NULL, key, &e) != DX_OK)
            print_error("row %d: %s\n", r, dx_last_error());
        assert_int_equal(dx_price_book_find(NULL, key, &e), DX_OK);
        dx_assert_close(e.low, dx_csv_num(&csv, r, "low"), 0, 1e-12);
        dx_assert_close(e.value, dx_csv_num(&csv, r, "default"), 0, 1e-12);
        dx_assert_close(e.high, dx_csv_num(&csv, r, "high"), 0, 1e-12);
        assert_string_equal(dx_value_class_name(e.value_class), dx_csv_str(&csv, r, "class"));
    }
    dx_csv_free(&csv);
}

static void test_pricebook__every_price_has_class_and_source(void **state)
{
    (void)state;
    size_t n = dx_price_book_count(NULL);
    assert_true(n >= 40);
    for (size_t i = 0; i < n; i++) {
        dx_price_entry e;
        assert_int_equal(dx_price_book_entry(NULL, i, &e), DX_OK);
        assert_true(strlen(e.source) > 0);
        assert_true(strlen(e.name) > 0);
        assert_true(e.low <= e.value && e.value <= e.high);
        /* every price is INDICATIVE with a source, or ASSUMED; FIRM only for rules */
        assert_true(e.value_class != DX_VALUE_UNVERIFIED);
    }
    dx_price_entry e;
    assert_int_equal(dx_price_book_entry(NULL, n, &e), DX_EINVAL);
    assert_non_null(strstr(dx_last_error(), "i = "));
}

static void test_pricebook__override_changes_value_class_and_source(void **state)
{
    (void)state;
    dx_price_book *b = NULL;
    assert_int_equal(dx_price_book_builtin(&b), DX_OK);
    assert_int_equal(dx_price_book_override(b, "lora.gw", 123456.0), DX_OK);
    dx_price_entry e;
    assert_int_equal(dx_price_book_find(b, "lora.gw", &e), DX_OK);
    dx_assert_close(e.value, 123456.0, 0, 0);
    assert_int_equal(e.value_class, DX_VALUE_INDICATIVE);
    assert_string_equal(e.source, "scenario override");
    assert_int_equal(dx_price_book_override_ex(b, "lora.gw", 99000, DX_VALUE_INDICATIVE, "quote ACME 2026-04"),
                     DX_OK);
    assert_int_equal(dx_price_book_find(b, "lora.gw", &e), DX_OK);
    assert_string_equal(e.source, "quote ACME 2026-04");
    /* the built-in book is unchanged */
    assert_int_equal(dx_price_book_find(NULL, "lora.gw", &e), DX_OK);
    dx_assert_close(e.value, 150000.0, 0, 0);
    assert_int_equal(dx_price_book_override(b, "no.such.key", 1), DX_ENOTFOUND);
    assert_non_null(strstr(dx_last_error(), "no.such.key"));
    assert_int_equal(dx_price_book_override(b, "lora.gw", -5), DX_EDOMAIN);
    assert_non_null(strstr(dx_last_error(), "value = -5"));
    dx_price_book_free(b);
    dx_price_book_free(NULL);
}

static void test_pricebook__parse_overrides_and_falls_back_to_builtin(void **state)
{
    (void)state;
    const char *text = "# quotation\n"
                       "halow.ap = 60000, 70000, 90000 | jpy | INDICATIVE | excl | HaLow AP | quote 2026\n"
                       "custom.item = 1, 2, 3 | jpy | ASSUMED | incl | extra | test\n";
    dx_price_book *b = NULL;
    assert_int_equal(dx_price_book_parse(text, strlen(text), &b), DX_OK);
    dx_price_entry e;
    assert_int_equal(dx_price_book_find(b, "halow.ap", &e), DX_OK);
    dx_assert_close(e.value, 70000, 0, 0);
    assert_int_equal(e.value_class, DX_VALUE_INDICATIVE);
    assert_int_equal(dx_price_book_find(b, "custom.item", &e), DX_OK);
    assert_int_equal(e.tax_included, 1);
    assert_int_equal(dx_price_book_find(b, "l5g.core.cloud", &e), DX_OK); /* fallback */
    assert_int_equal(dx_price_book_count(b), dx_price_book_count(NULL) + 1);
    dx_price_book_free(b);

    const char *bad = "x = 1, 2 | jpy | ASSUMED | excl | n | s\n";
    assert_int_equal(dx_price_book_parse(bad, strlen(bad), &b), DX_EPARSE);
    assert_null(b);
    assert_non_null(strstr(dx_last_error(), "line 1"));
    const char *badcls = "\n\ny = 1, 2, 3 | jpy | GUESS | excl | n | s\n";
    assert_int_equal(dx_price_book_parse(badcls, strlen(badcls), &b), DX_EPARSE);
    assert_non_null(strstr(dx_last_error(), "line 3"));
    assert_int_equal(dx_price_book_load("/nonexistent/prices.txt", &b), DX_EIO);
    assert_non_null(strstr(dx_last_error(), "/nonexistent/prices.txt"));
}

/* ---- bill of materials ----------------------------------------------------------- */

static const dx_cost_item *find_key(const dx_cost_item *it, size_t n, const char *key)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(it[i].price_key, key) == 0)
            return &it[i];
    return NULL;
}

static size_t bom(const char *tech_id, const dx_cost_design *d, dx_procurement mode, dx_cost_item *items, size_t cap)
{
    dx_technology t;
    assert_int_equal(dx_technology_find(tech_id, &t), DX_OK);
    size_t n = 0;
    int st = dx_cost_bom(&t, d, mode, NULL, cap, items, &n);
    if (st != DX_OK)
        print_error("%s: %s\n", tech_id, dx_last_error());
    assert_int_equal(st, DX_OK);
    return n;
}

static void test_bom__ltem_has_no_radios_only_modules_and_connectivity(void **state)
{
    (void)state;
    dx_cost_design d;
    assert_int_equal(dx_cost_design_init(&d, DX_COST_DESIGN_VERSION), DX_OK);
    d.n_sites = 3;
    d.n_radios = 3;
    d.n_devices = 238;
    d.outdoor = 1;
    dx_cost_item it[32];
    size_t n = bom("ltem-carrier", &d, DX_PROCURE_PURCHASE, it, 32);
    assert_non_null(find_key(it, n, "ltem.module"));
    const dx_cost_item *c = find_key(it, n, "ltem.connectivity");
    assert_non_null(c);
    dx_assert_close(c->quantity, 238, 0, 0);
    dx_assert_close(c->unit_price_jpy, 400, 0, 0);
    assert_int_equal(c->procurement, DX_PROCURE_SUBSCRIPTION);
    for (size_t i = 0; i < n; i++) {
        assert_null(strstr(it[i].price_key, "site."));
        assert_null(strstr(it[i].price_key, "install."));
        assert_null(strstr(it[i].price_key, "backhaul"));
        assert_int_not_equal(it[i].category, DX_COST_CAT_UTILITIES);
    }
}

static void test_bom__local5g_outdoor_has_core_sims_fees_and_site_works(void **state)
{
    (void)state;
    dx_cost_design d;
    dx_cost_design_init(&d, DX_COST_DESIGN_VERSION);
    d.n_sites = 2;
    d.sectors_per_site = 3;
    d.n_devices = 17;
    d.outdoor = 1;
    d.core_on_premises = 0;
    dx_cost_item it[40];
    size_t n = bom("l5g-sub6", &d, DX_PROCURE_PURCHASE, it, 40);
    const dx_cost_item *x;
    assert_non_null(x = find_key(it, n, "l5g.bs.outdoor"));
    dx_assert_close(x->quantity, 2, 0, 0);
    assert_non_null(x = find_key(it, n, "l5g.ru.sector"));
    dx_assert_close(x->quantity, 4 + 1, 0, 0); /* 6 radios - 2 sites + ceil(5 % of 6) spare */
    assert_non_null(x = find_key(it, n, "l5g.core.cloud"));
    assert_int_equal(x->category, DX_COST_CAT_CLOUD);
    assert_null(find_key(it, n, "l5g.core.onprem"));
    assert_non_null(x = find_key(it, n, "l5g.sim"));
    dx_assert_close(x->quantity, 17, 0, 0);
    assert_int_equal(x->leasable, 0);
    assert_non_null(find_key(it, n, "l5g.licence_support"));
    assert_non_null(x = find_key(it, n, "l5g.fee.terminal"));
    assert_int_equal(x->category, DX_COST_CAT_RADIO_USAGE_FEE);
    assert_int_equal(x->value_class, DX_VALUE_FIRM);
    dx_assert_close(x->unit_price_jpy * 12.0, 370.0, 0, 1e-12); /* domain-japan §1.4 */
    assert_int_equal(x->not_taxable, 1); /* 電波利用料: a charge of the state, 不課税 */
    assert_non_null(x = find_key(it, n, "l5g.fee.bs"));
    assert_int_equal(x->value_class, DX_VALUE_ASSUMED);
    assert_int_equal(x->not_taxable, 1);
    assert_non_null(x = find_key(it, n, "site.pole_civil"));
    assert_int_equal(x->not_taxable, 0);
    assert_non_null(x = find_key(it, n, "site.pole_civil"));
    assert_int_equal(x->category, DX_COST_CAT_CONSTRUCTION);
    dx_assert_close(x->quantity, 2, 0, 0);
    assert_non_null(find_key(it, n, "install.outdoor"));
    assert_non_null(x = find_key(it, n, "backhaul.fibre"));
    dx_assert_close(x->unit_price_jpy, 8000, 0, 0);
    int n_elec = 0;
    for (size_t i = 0; i < n; i++)
        if (it[i].category == DX_COST_CAT_UTILITIES) {
            n_elec++;
            assert_int_equal(it[i].value_class, DX_VALUE_ASSUMED);
        }
    assert_true(n_elec >= 2);
    assert_non_null(x = find_key(it, n, "maintenance.ratio"));
    /* 10 %/yr of purchased equipment: 2 x 8e6 + 5 x 3e6 + 17 x 1.5e5 = 33,550,000 -> /12 */
    dx_assert_close(x->unit_price_jpy, 33550000.0 * 0.10 / 12.0, 0, 1e-12);
    /* every item: class and source */
    for (size_t i = 0; i < n; i++)
        assert_true(strlen(it[i].source) > 0);
}

static void test_bom__wifi_halow_lorawan_items(void **state)
{
    (void)state;
    dx_cost_design d;
    dx_cost_design_init(&d, DX_COST_DESIGN_VERSION);
    d.n_sites = 4;
    d.n_radios = 20;
    d.n_devices = 50;
    d.include_spares = 0;
    dx_cost_item it[40];
    size_t n = bom("wifi7", &d, DX_PROCURE_PURCHASE, it, 40);
    const dx_cost_item *x;
    assert_non_null(x = find_key(it, n, "wifi7.ap.indoor"));
    dx_assert_close(x->quantity, 20, 0, 0);
    assert_non_null(x = find_key(it, n, "wifi.cloud_licence"));
    dx_assert_close(x->unit_price_jpy, 20000.0 / 12.0, 0, 1e-12);
    assert_non_null(x = find_key(it, n, "install.indoor"));
    dx_assert_close(x->quantity, 20, 0, 0);

    n = bom("halow", &d, DX_PROCURE_PURCHASE, it, 40);
    assert_non_null(find_key(it, n, "halow.ap"));
    assert_non_null(x = find_key(it, n, "halow.sta"));
    dx_assert_close(x->quantity, 50, 0, 0);

    d.outdoor = 1;
    d.n_radios = 4;
    n = bom("lorawan-as923", &d, DX_PROCURE_PURCHASE, it, 40);
    assert_non_null(find_key(it, n, "lora.gw"));
    assert_non_null(find_key(it, n, "lora.node"));
    assert_non_null(x = find_key(it, n, "lora.ns"));
    dx_assert_close(x->quantity, 4, 0, 0);
    assert_non_null(find_key(it, n, "site.pole_civil"));
}

static void test_bom__lease_mode_uses_lease_factor(void **state)
{
    (void)state;
    dx_cost_design d;
    dx_cost_design_init(&d, DX_COST_DESIGN_VERSION);
    d.n_radios = 7;
    d.n_sites = 7;
    d.include_spares = 0;
    dx_cost_item it[40];
    size_t n = bom("halow", &d, DX_PROCURE_LEASE, it, 40);
    const dx_cost_item *x = find_key(it, n, "halow.ap");
    assert_non_null(x);
    assert_int_equal(x->procurement, DX_PROCURE_LEASE);
    dx_assert_close(x->unit_price_jpy, 80000 * 0.01789, 0, 1e-12); /* 5 y factor, domain-japan §5 */
    dx_assert_close(x->months, 60, 0, 0);
    /* subscription with no ".monthly" price falls back to lease */
    n = bom("halow", &d, DX_PROCURE_SUBSCRIPTION, it, 40);
    assert_int_equal(find_key(it, n, "halow.ap")->procurement, DX_PROCURE_LEASE);
}

static void test_bom__errors_name_the_argument(void **state)
{
    (void)state;
    dx_technology t;
    dx_technology_find("wifi6e-lpi", &t);
    dx_cost_design d;
    dx_cost_design_init(&d, DX_COST_DESIGN_VERSION);
    d.n_radios = 5;
    dx_cost_item it[2];
    size_t n = 0;
    assert_int_equal(dx_cost_bom(&t, &d, DX_PROCURE_PURCHASE, NULL, 2, it, &n), DX_EBUFSIZE);
    assert_true(n > 2);
    assert_non_null(strstr(dx_last_error(), "cap = 2"));
    d.n_devices = -4;
    assert_int_equal(dx_cost_bom(&t, &d, DX_PROCURE_PURCHASE, NULL, 2, it, &n), DX_EDOMAIN);
    assert_non_null(strstr(dx_last_error(), "n_devices = -4"));
    d.n_devices = 0;
    assert_int_equal(dx_cost_bom(&t, &d, DX_PROCURE_SERVICE, NULL, 2, it, &n), DX_EINVAL);
    assert_non_null(strstr(dx_last_error(), "mode"));
    assert_int_equal(dx_cost_design_init(&d, 99), DX_EINVAL);
    assert_non_null(strstr(dx_last_error(), "version = 99"));
}

/* ---- cash flows ------------------------------------------------------------------------ */

static dx_cost_item item(const char *name, dx_procurement p, dx_cost_category c, double price, double qty,
                         double months, double life)
{
    dx_cost_item it;
    memset(&it, 0, sizeof it);
    snprintf(it.name, sizeof it.name, "%s", name);
    it.procurement = p;
    it.category = c;
    it.unit_price_jpy = price;
    it.quantity = qty;
    it.months = months;
    it.useful_life_years = life;
    return it;
}

static void test_cash_flows__by_hand_with_tax(void **state)
{
    (void)state;
    dx_cost_item it[2] = {
        item("radio", DX_PROCURE_PURCHASE, DX_COST_CAT_EQUIPMENT, 1000000, 2, 0, 10),
        item("backhaul", DX_PROCURE_SERVICE, DX_COST_CAT_COMMUNICATIONS, 8000, 1, 0, 0),
    };
    dx_cost_options o;
    assert_int_equal(dx_cost_options_init(&o, DX_COST_OPTIONS_VERSION), DX_OK);
    assert_int_equal(dx_cost_n_years(&o), 5);
    double cf[5];
    assert_int_equal(dx_cost_cash_flows_jpy(2, it, &o, 5, cf), DX_OK);
    /* by hand: 2 x 1,000,000 x 1.10 = 2,200,000 in year 0; 8,000 x 12 x 1.10 = 105,600 every year */
    dx_assert_close(cf[0], 2200000 + 105600, 0, 1e-12);
    for (int y = 1; y < 5; y++)
        dx_assert_close(cf[y], 105600, 0, 1e-12);
    o.output_tax_included = 0;
    assert_int_equal(dx_cost_cash_flows_jpy(2, it, &o, 5, cf), DX_OK);
    dx_assert_close(cf[0], 2000000 + 96000, 0, 1e-12);
    /* a tax-included price is divided by 1.1 for tax-excluded output */
    it[1].tax_included = 1;
    assert_int_equal(dx_cost_cash_flows_jpy(2, it, &o, 5, cf), DX_OK);
    dx_assert_close(cf[1], 96000 / 1.1, 0, 1e-12);
}

/* Fees of the state (免許申請手数料, 電波利用料) are not subject to consumption tax
 * (不課税): 2 x 6,500 JPY = 13,000 JPY with or without tax, not 13,000 / 1.10 =
 * 11,818.18 + 1,181.82 消費税 (issue 10). */
static void test_cash_flows__state_fee_is_not_taxed(void **state)
{
    (void)state;
    dx_cost_item it = item("licence application fee", DX_PROCURE_PURCHASE,
                           DX_COST_CAT_LICENCE_APPLICATION_FEE, 6500, 2, 0, 0);
    it.tax_included = 1;
    it.not_taxable = 1;
    dx_cost_options o;
    assert_int_equal(dx_cost_options_init(&o, DX_COST_OPTIONS_VERSION), DX_OK);
    double cf[5];
    o.output_tax_included = 0; /* tax-excluded books: still 13,000 */
    assert_int_equal(dx_cost_cash_flows_jpy(1, &it, &o, 5, cf), DX_OK);
    dx_assert_close(cf[0], 13000, 0, 1e-12);
    it.tax_included = 0; /* however the price was written: no 10 % added */
    o.output_tax_included = 1;
    assert_int_equal(dx_cost_cash_flows_jpy(1, &it, &o, 5, cf), DX_OK);
    dx_assert_close(cf[0], 13000, 0, 1e-12);
    /* the programme engine costs it at 13,000 too (taxable: 6,500 x 1.10 x 2 = 14,300) */
    dx_applicant a;
    assert_int_equal(dx_programme_applicant_init(&a), DX_OK);
    a.type = DX_APPLICANT_COMPANY;
    a.consortium_local_governments = 1;
    dx_programme_result *pr = NULL;
    assert_int_equal(dx_programme_evaluate("r7-2-1", 1, &it, &a, &pr), DX_OK);
    dx_programme_item_verdict v;
    assert_int_equal(dx_programme_result_item(pr, 0, &v), DX_OK);
    dx_assert_close(v.cost_jpy, 13000, 0, 1e-12);
    dx_programme_result_free(pr);
    it.not_taxable = 0;
    assert_int_equal(dx_programme_evaluate("r7-2-1", 1, &it, &a, &pr), DX_OK);
    assert_int_equal(dx_programme_result_item(pr, 0, &v), DX_OK);
    dx_assert_close(v.cost_jpy, 14300, 0, 1e-12);
    dx_programme_result_free(pr);
}

static void test_cash_flows__japanese_fiscal_years_split_at_april(void **state)
{
    (void)state;
    dx_cost_item it = item("cloud", DX_PROCURE_SUBSCRIPTION, DX_COST_CAT_CLOUD, 1000, 1, 0, 0);
    it.tax_included = 1;
    dx_cost_options o;
    dx_cost_options_init(&o, DX_COST_OPTIONS_VERSION);
    o.start_year = 2026;
    o.start_month = 10; /* October 2026: FY2026 has Oct..Mar = 6 months */
    assert_int_equal(dx_cost_n_years(&o), 6);
    double cf[6];
    assert_int_equal(dx_cost_cash_flows_jpy(1, &it, &o, 6, cf), DX_OK);
    const double want[6] = {6000, 12000, 12000, 12000, 12000, 6000};
    for (int y = 0; y < 6; y++)
        dx_assert_close(cf[y], want[y], 0, 1e-12);
    o.start_month = 4; /* April: fiscal years coincide with the horizon */
    assert_int_equal(dx_cost_n_years(&o), 5);
    o.start_month = 13;
    assert_int_equal(dx_cost_cash_flows_jpy(1, &it, &o, 6, cf), DX_EDOMAIN);
    assert_non_null(strstr(dx_last_error(), "start_month = 13"));
    /* with the n_years the caller got for these options (0): the bad option is
     * named, not n_years (`dxsim cost --start=2026-13` said "n_years = 0") */
    assert_int_equal(dx_cost_n_years(&o), 0);
    assert_int_equal(dx_cost_cash_flows_jpy(1, &it, &o, 0, cf), DX_EDOMAIN);
    assert_non_null(strstr(dx_last_error(), "start_month = 13"));
    o.start_month = 4;
    o.start_year = 99999;
    assert_int_equal(dx_cost_cash_flows_jpy(1, &it, &o, 6, cf), DX_EDOMAIN);
    assert_non_null(strstr(dx_last_error(), "start_year = 99999 (allowed: 0 = no date, or 1900..2200)"));
    o.start_year = 2026;
    /* a rate of 1e308 gave an equivalent annual cost of inf */
    o.discount_rate_ratio = 1e308;
    assert_int_equal(dx_cost_cash_flows_jpy(1, &it, &o, 6, cf), DX_EDOMAIN);
    assert_non_null(strstr(dx_last_error(), "discount_rate_ratio = 1e+308 (allowed: > -1 .. 10)"));
    o.discount_rate_ratio = 10.0;
    assert_int_equal(dx_cost_cash_flows_jpy(1, &it, &o, 6, cf), DX_OK);
}

static void test_cash_flows__prepaid_release_and_replacement(void **state)
{
    (void)state;
    dx_cost_item it[3] = {
        item("prepaid cloud", DX_PROCURE_SUBSCRIPTION, DX_COST_CAT_CLOUD, 500, 1, 60, 0),
        item("leased AP", DX_PROCURE_LEASE, DX_COST_CAT_LEASE, 1000, 1, 36, 10),
        item("server", DX_PROCURE_PURCHASE, DX_COST_CAT_EQUIPMENT, 100000, 1, 0, 4),
    };
    for (int i = 0; i < 3; i++)
        it[i].tax_included = 1;
    it[0].booked_in_first_year = 1;
    double cf[5];
    assert_int_equal(dx_cost_cash_flows_jpy(1, &it[0], NULL, 5, cf), DX_OK);
    dx_assert_close(cf[0], 30000, 0, 1e-12); /* 60 months paid up front */
    dx_assert_close(cf[1], 0, 0, 0);
    assert_int_equal(dx_cost_cash_flows_jpy(1, &it[1], NULL, 5, cf), DX_OK);
    /* 36 months of 1000, then re-lease at one monthly fee per year (domain-japan §5) */
    const double lease[5] = {12000, 12000, 12000, 1000, 1000};
    for (int y = 0; y < 5; y++)
        dx_assert_close(cf[y], lease[y], 0, 1e-12);
    assert_int_equal(dx_cost_cash_flows_jpy(1, &it[2], NULL, 5, cf), DX_OK);
    dx_assert_close(cf[0], 100000, 0, 0);
    dx_assert_close(cf[4], 100000, 0, 0); /* bought again when the 4-year life ends */
    dx_cost_options o;
    dx_cost_options_init(&o, DX_COST_OPTIONS_VERSION);
    o.credit_residual_value = 1;
    assert_int_equal(dx_cost_cash_flows_jpy(1, &it[2], &o, 5, cf), DX_OK);
    /* second server used 12 of 48 months at the horizon: 3/4 of its price is credited */
    dx_assert_close(cf[4], 100000 - 75000, 0, 1e-12);
    it[2].quantity = -1;
    assert_int_equal(dx_cost_cash_flows_jpy(3, it, NULL, 5, cf), DX_EDOMAIN);
    assert_non_null(strstr(dx_last_error(), "items[2].quantity"));
}

static void test_depreciation__of_purchased_items_follows_tkc_example(void **state)
{
    (void)state;
    dx_cost_item it[3] = {
        item("radio", DX_PROCURE_PURCHASE, DX_COST_CAT_EQUIPMENT, 500000, 2, 0, 10),
        item("server", DX_PROCURE_PURCHASE, DX_COST_CAT_EQUIPMENT, 100000, 1, 0, 4),
        item("cloud", DX_PROCURE_SUBSCRIPTION, DX_COST_CAT_CLOUD, 9000, 1, 0, 0),
    };
    for (int i = 0; i < 3; i++)
        it[i].tax_included = 1;
    double dep[5];
    /* radio: 1,000,000 over 10 years, 200 % method = TKC example years 1-5 */
    assert_int_equal(dx_cost_depreciation_jpy(1, it, DX_DEPRECIATION_JP_DECLINING_200, NULL, 5, dep), DX_OK);
    const double tkc[5] = {200000, 160000, 128000, 102400, 81920};
    for (int y = 0; y < 5; y++)
        dx_assert_close(dep[y], tkc[y], 1e-6, 0);
    /* server: 定額法 0.250 -> 25,000 x 3 + 24,999, then the replacement bought in year 4 */
    assert_int_equal(dx_cost_depreciation_jpy(2, it + 1, DX_DEPRECIATION_JP_STRAIGHT_LINE, NULL, 5, dep),
                     DX_OK);
    const double sl[5] = {25000, 25000, 25000, 24999, 25000};
    for (int y = 0; y < 5; y++)
        dx_assert_close(dep[y], sl[y], 1e-6, 0);
    assert_int_equal(dx_cost_depreciation_jpy(3, it, 7, NULL, 5, dep), DX_EINVAL);
    assert_non_null(strstr(dx_last_error(), "method = 7"));
}

static void test_summary__per_unit_metrics(void **state)
{
    (void)state;
    dx_cost_item it = item("ap", DX_PROCURE_PURCHASE, DX_COST_CAT_EQUIPMENT, 2385000, 1, 0, 10);
    it.tax_included = 1;
    dx_cost_design d;
    dx_cost_design_init(&d, DX_COST_DESIGN_VERSION);
    d.area_km2 = 2.385;
    d.n_devices = 45;
    d.delivered_bps = 350e6;
    dx_cost_summary s;
    assert_int_equal(dx_cost_summarise(1, &it, &d, NULL, &s), DX_OK);
    dx_assert_close(s.npv_cost_jpy, 2385000, 0, 1e-12);
    dx_assert_close(s.capex_jpy, 2385000, 0, 1e-12);
    dx_assert_close(s.cost_per_km2_jpy, 1e6, 0, 1e-12);
    dx_assert_close(s.cost_per_device_jpy, 2385000 / 45.0, 0, 1e-12);
    dx_assert_close(s.cost_per_mbps_jpy, 2385000 / 350.0, 0, 1e-12);
    /* EAC over 5 y at 4 %: by hand 2385000 x 0.04 / (1 - 1.04^-5) = 535,736.8... */
    dx_assert_close(s.eac_jpy_per_year, 2385000 * 0.04 / (1 - pow(1.04, -5)), 0, 1e-12);
}

/* ---- leases and Monte Carlo ---------------------------------------------------------------- */

static void test_lease__factor_table_of_domain_reference(void **state)
{
    (void)state;
    /* domain-japan §5 (paperzz.com/doc/6138364): 3 y 2.944 %, 4 y 2.223 %, 5 y 1.789 %, 6 y 1.497 %, 7 y 1.288 % */
    const double want[5] = {0.02944, 0.02223, 0.01789, 0.01497, 0.01288};
    double f;
    for (int k = 0; k < 5; k++) {
        assert_int_equal(dx_cost_lease_rate_factor_ratio(3 + k, &f), DX_OK);
        dx_assert_close(f, want[k], 0, 1e-12);
    }
    assert_int_equal(dx_cost_lease_rate_factor_ratio(4.5, &f), DX_OK);
    dx_assert_close(f, (0.02223 + 0.01789) / 2, 0, 1e-12);
    assert_int_equal(dx_cost_lease_rate_factor_ratio(8, &f), DX_EDOMAIN);
    assert_non_null(strstr(dx_last_error(), "term_years = 8"));
}

static void test_rental__term_rates_and_rented_bom(void **state)
{
    (void)state;
    /* sooki.co.jp/irental/howtorental/price (期間レンタル料率): 1 month 100 %, 2: 90, 3: 80,
     * 4: 75, 5: 70, 6: 65, 7: 63, 8: 61, 9: 59, 10: 57, 11: 55, 12: 53 % */
    const double want[12] = {1.00, 0.90, 0.80, 0.75, 0.70, 0.65, 0.63, 0.61, 0.59, 0.57, 0.55, 0.53};
    double f;
    for (int m = 1; m <= 12; m++) {
        assert_int_equal(dx_cost_rental_term_rate_ratio(m, &f), DX_OK);
        dx_assert_close(f, want[m - 1], 0, 1e-12);
    }
    assert_int_equal(dx_cost_rental_term_rate_ratio(30, &f), DX_OK);
    dx_assert_close(f, 0.53, 0, 1e-12);
    assert_int_equal(dx_cost_rental_term_rate_ratio(0, &f), DX_EDOMAIN);
    assert_non_null(strstr(dx_last_error(), "months = 0"));

    /* HaLow, 2 APs and 10 stations, rented 5 months: AP 80,000 JPY (built-in book)
     * x 0.06 (rental.monthly_ratio, ASSUMED) x 0.70 = 3,360 JPY per month */
    dx_cost_design d;
    assert_int_equal(dx_cost_design_init(&d, DX_COST_DESIGN_VERSION), DX_OK);
    d.n_sites = 2;
    d.n_devices = 10;
    d.include_spares = 0;
    d.horizon_years = 5.0 / 12.0;
    d.rental_months = 5;
    double factor, months;
    int rental = -1;
    assert_int_equal(dx_cost_hire_terms(&d, NULL, &factor, &months, &rental), DX_OK);
    dx_assert_close(factor, 0.06 * 0.70, 0, 1e-12);
    dx_assert_close(months, 5, 0, 0);
    assert_int_equal(rental, 1);
    dx_cost_item it[40];
    size_t n = bom("halow", &d, DX_PROCURE_LEASE, it, 40);
    const dx_cost_item *x;
    assert_non_null(x = find_key(it, n, "halow.ap"));
    dx_price_entry ap;
    assert_int_equal(dx_price_book_find(NULL, "halow.ap", &ap), DX_OK);
    dx_assert_close(x->unit_price_jpy, ap.value * 0.06 * 0.70, 0, 1e-12);
    dx_assert_close(x->months, 5, 0, 0);
    assert_int_equal(x->category, DX_COST_CAT_LEASE);
    assert_int_equal(x->value_class, DX_VALUE_ASSUMED);
    assert_non_null(strstr(x->name, "(short-term rental)"));
    assert_null(find_key(it, n, "maintenance.ratio")); /* the rental includes upkeep */
    /* the same design leased: the 3-year factor, 36 months, and maintenance */
    d.rental_months = 0;
    assert_int_equal(dx_cost_hire_terms(&d, NULL, &factor, &months, &rental), DX_OK);
    dx_assert_close(factor, 0.02944, 0, 1e-12);
    dx_assert_close(months, 36, 0, 0);
    assert_int_equal(rental, 0);
    n = bom("halow", &d, DX_PROCURE_LEASE, it, 40);
    assert_non_null(find_key(it, n, "maintenance.ratio"));
    /* bad months name the field, the value and the range */
    d.rental_months = -2;
    assert_int_equal(dx_cost_hire_terms(&d, NULL, &factor, &months, &rental), DX_EDOMAIN);
    assert_non_null(strstr(dx_last_error(), "rental_months = -2 months"));
}

static void test_lease__versus_purchase_by_hand(void **state)
{
    (void)state;
    dx_cost_item it = item("gw", DX_PROCURE_PURCHASE, DX_COST_CAT_EQUIPMENT, 150000, 4, 0, 10);
    it.tax_included = 1;
    double pvp, pvl;
    assert_int_equal(dx_cost_lease_vs_purchase_jpy(&it, 0.0, 5, NULL, &pvp, &pvl), DX_OK);
    /* by hand: purchase = 600,000 at t0. Lease = 12 x 600,000 x 0.01789 = 128,808 per year,
     * years 0..4 discounted at 4 %: 128808 x (1 + 1/1.04 + ... + 1/1.04^4) = 128808 x 4.629895... */
    double a = 0;
    for (int t = 0; t < 5; t++)
        a += pow(1.04, -t);
    dx_assert_close(pvp, 600000, 0, 1e-12);
    dx_assert_close(pvl, 128808 * a, 0, 1e-12);
    /* maintenance is added to both sides equally */
    double pvp2, pvl2;
    assert_int_equal(dx_cost_lease_vs_purchase_jpy(&it, 0.1, 5, NULL, &pvp2, &pvl2), DX_OK);
    dx_assert_close(pvp2 - pvp, pvl2 - pvl, 1e-6, 1e-12);
}

static void test_lease__interest_based_payment_by_hand(void **state)
{
    (void)state;
    /* by hand: in advance, r = 2 %/12, n = 60: P r / ((1 + r)(1 - (1 + r)^-60)) */
    double r = 0.02 / 12, m;
    assert_int_equal(dx_cost_lease_payment_jpy(2385000, 5, 0.02, 0.0, 1, &m), DX_OK);
    dx_assert_close(m, 2385000 * r / ((1 + r) * (1 - pow(1 + r, -60))), 0, 1e-12);
    /* zero rate, 10 % residual, in arrears: 0.9 P / 60 */
    assert_int_equal(dx_cost_lease_payment_jpy(2385000, 5, 0.0, 0.1, 0, &m), DX_OK);
    dx_assert_close(m, 0.9 * 2385000 / 60, 0, 1e-12);
    assert_int_equal(dx_cost_lease_payment_jpy(2385000, 5, 0.02, 1.2, 1, &m), DX_EDOMAIN);
    assert_non_null(strstr(dx_last_error(), "residual_ratio"));
}

static void test_compare__procurement_modes_in_total(void **state)
{
    (void)state;
    dx_technology t;
    assert_int_equal(dx_technology_find("halow", &t), DX_OK);
    dx_cost_design d;
    dx_cost_design_init(&d, DX_COST_DESIGN_VERSION);
    d.n_radios = 6;
    d.n_sites = 6;
    d.n_devices = 90;
    double pv[3];
    assert_int_equal(dx_cost_compare_procurement_jpy(&t, &d, NULL, NULL, pv), DX_OK);
    /* each equals summarise() of the corresponding BOM */
    for (int m = 0; m < 3; m++) {
        dx_cost_item it[40];
        size_t n = bom("halow", &d, (dx_procurement)m, it, 40);
        dx_cost_summary s;
        assert_int_equal(dx_cost_summarise(n, it, &d, NULL, &s), DX_OK);
        dx_assert_close(pv[m], s.npv_cost_jpy, 0, 1e-12);
    }
    /* by hand, equipment only: 5-year lease = 60 x 1.789 % = 107.34 % of the price nominally,
     * 12 x 1.789 % x (1 + 1/1.04 + ... + 1/1.04^4) = 99.4 % in present value at 4 % (yearly
     * discounting): leasing and buying end up within a few per cent of each other */
    assert_true(fabs(pv[DX_PROCURE_LEASE] / pv[DX_PROCURE_PURCHASE] - 1.0) < 0.05);
}

static void test_npv_draws__equal_cash_flows_then_npv(void **state)
{
    (void)state;
    dx_cost_design d;
    dx_cost_design_init(&d, DX_COST_DESIGN_VERSION);
    d.n_sites = 3;
    d.sectors_per_site = 3;
    d.n_devices = 40;
    d.outdoor = 1;
    d.core_on_premises = 1;
    dx_cost_item it[40];
    size_t n = bom("l5g-sub6", &d, DX_PROCURE_PURCHASE, it, 40);
    int map[40];
    for (size_t i = 0; i < n; i++)
        map[i] = (int)(i % 4) - 1; /* inputs 0..2 and fixed items */
    const double scale[2][3] = {{1.0, 1.0, 1.0}, {0.8, 1.25, 1.5}};
    const double rate[2] = {0.04, 0.0235};
    double npv[2];
    assert_int_equal(dx_cost_npv_draws_jpy(n, it, NULL, map, 3, 2, &scale[0][0], rate, npv), DX_OK);
    for (int dd = 0; dd < 2; dd++) {
        dx_cost_item v[40];
        memcpy(v, it, n * sizeof it[0]);
        for (size_t i = 0; i < n; i++)
            if (map[i] >= 0)
                v[i].unit_price_jpy *= scale[dd][map[i]];
        double cf[5], ref;
        assert_int_equal(dx_cost_cash_flows_jpy(n, v, NULL, 5, cf), DX_OK);
        assert_int_equal(dx_finance_npv_jpy(rate[dd], 5, cf, &ref), DX_OK);
        dx_assert_close(npv[dd], ref, 0, 1e-12);
    }
    map[0] = 7;
    assert_int_equal(dx_cost_npv_draws_jpy(n, it, NULL, map, 3, 2, &scale[0][0], rate, npv), DX_EDOMAIN);
    assert_non_null(strstr(dx_last_error(), "input_of_item[0] = 7"));
}

static void test_options__init_refuses_newer_version(void **state)
{
    (void)state;
    dx_cost_options o;
    assert_int_equal(dx_cost_options_init(&o, DX_COST_OPTIONS_VERSION + 1), DX_EINVAL);
    assert_non_null(strstr(dx_last_error(), "version"));
    assert_int_equal(dx_cost_options_size(), sizeof(dx_cost_options));
    assert_int_equal(dx_cost_design_size(), sizeof(dx_cost_design));
    dx_cost_options_init(&o, DX_COST_OPTIONS_VERSION);
    dx_assert_close(o.discount_rate_ratio, 0.04, 0, 0);
    dx_assert_close(o.tax_rate_ratio, 0.10, 0, 0);
    dx_assert_close(o.horizon_years, 5, 0, 0);
    o.horizon_years = -1;
    double cf[5];
    assert_int_equal(dx_cost_cash_flows_jpy(0, NULL, &o, 5, cf), DX_EDOMAIN);
    assert_non_null(strstr(dx_last_error(), "horizon_years = -1"));
}

/* ---- enum names --------------------------------------------------------------- */

/* The spellings are the interface of scenario files, CLI CSVs, reports, the
 * Python binding and the rule file keys (libdxsim/data/programme-r7.txt "cat.<name>"). */
static void test_names__each_enum_value_has_its_name_and_parses_back(void **state)
{
    (void)state;
    static const struct { dx_cost_category v; const char *s; } cats[] = {
        {DX_COST_CAT_EQUIPMENT, "equipment"}, {DX_COST_CAT_SOFTWARE, "software"},
        {DX_COST_CAT_LEASE, "lease"}, {DX_COST_CAT_SUBSCRIPTION, "subscription"},
        {DX_COST_CAT_CLOUD, "cloud"}, {DX_COST_CAT_LABOUR, "labour"},
        {DX_COST_CAT_COMMUNICATIONS, "communications"}, {DX_COST_CAT_UTILITIES, "utilities"},
        {DX_COST_CAT_TRAVEL, "travel"}, {DX_COST_CAT_CONSTRUCTION, "construction"},
        {DX_COST_CAT_LICENCE_APPLICATION_FEE, "licence-application-fee"},
        {DX_COST_CAT_RADIO_USAGE_FEE, "radio-usage-fee"}, {DX_COST_CAT_OTHER, "other"}};
    for (size_t i = 0; i < sizeof cats / sizeof *cats; i++) {
        dx_cost_category c = DX_COST_CAT_OTHER;
        assert_string_equal(dx_cost_category_name(cats[i].v), cats[i].s);
        assert_int_equal(dx_cost_category_from_name(cats[i].s, &c), DX_OK);
        assert_int_equal(c, cats[i].v);
    }
    assert_string_equal(dx_procurement_name(DX_PROCURE_PURCHASE), "purchase");
    assert_string_equal(dx_procurement_name(DX_PROCURE_LEASE), "lease");
    assert_string_equal(dx_procurement_name(DX_PROCURE_SUBSCRIPTION), "subscription");
    assert_string_equal(dx_procurement_name(DX_PROCURE_SERVICE), "service");
    assert_string_equal(dx_cost_role_name(DX_COST_ROLE_NETWORK), "network");
    assert_string_equal(dx_cost_role_name(DX_COST_ROLE_SOLUTION), "solution");
    assert_string_equal(dx_cost_role_name(DX_COST_ROLE_OTHER), "other");
    dx_procurement p = DX_PROCURE_PURCHASE;
    dx_cost_role r = DX_COST_ROLE_OTHER;
    for (int v = 0; v <= (int)DX_PROCURE_SERVICE; v++) { /* round trip */
        assert_int_equal(dx_procurement_from_name(dx_procurement_name((dx_procurement)v), &p), DX_OK);
        assert_int_equal(p, v);
        if (v <= (int)DX_COST_ROLE_OTHER) {
            assert_int_equal(dx_cost_role_from_name(dx_cost_role_name((dx_cost_role)v), &r), DX_OK);
            assert_int_equal(r, v);
        }
    }
}

static void test_names__out_of_range_is_unknown_and_bad_names_are_refused(void **state)
{
    (void)state;
    assert_string_equal(dx_cost_category_name((dx_cost_category)13), "unknown");
    assert_string_equal(dx_cost_category_name((dx_cost_category)-1), "unknown");
    assert_string_equal(dx_procurement_name((dx_procurement)4), "unknown");
    assert_string_equal(dx_cost_role_name((dx_cost_role)3), "unknown");
    dx_cost_category c = DX_COST_CAT_TRAVEL;
    assert_int_equal(dx_cost_category_from_name("Equipment", &c), DX_ENOTFOUND);
    assert_int_equal(c, DX_COST_CAT_TRAVEL); /* unchanged on failure */
    assert_non_null(strstr(dx_last_error(), "name = 'Equipment'"));
    assert_non_null(strstr(dx_last_error(), "licence-application-fee, radio-usage-fee, other"));
    assert_int_equal(dx_cost_category_from_name(NULL, &c), DX_EINVAL);
    assert_non_null(strstr(dx_last_error(), "'name'"));
    dx_procurement p;
    assert_int_equal(dx_procurement_from_name("rent", &p), DX_ENOTFOUND);
    assert_non_null(strstr(dx_last_error(), "purchase, lease, subscription, service"));
    assert_int_equal(dx_cost_role_from_name("network", NULL), DX_EINVAL);
    assert_non_null(strstr(dx_last_error(), "'out'"));
}

int main(void)
{
    dx_global_init(DX_INIT_GSL_HANDLER_OFF);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pricebook__matches_domain_reference_rows),
        cmocka_unit_test(test_pricebook__every_price_has_class_and_source),
        cmocka_unit_test(test_pricebook__override_changes_value_class_and_source),
        cmocka_unit_test(test_pricebook__parse_overrides_and_falls_back_to_builtin),
        cmocka_unit_test(test_bom__ltem_has_no_radios_only_modules_and_connectivity),
        cmocka_unit_test(test_bom__local5g_outdoor_has_core_sims_fees_and_site_works),
        cmocka_unit_test(test_bom__wifi_halow_lorawan_items),
        cmocka_unit_test(test_bom__lease_mode_uses_lease_factor),
        cmocka_unit_test(test_bom__errors_name_the_argument),
        cmocka_unit_test(test_cash_flows__by_hand_with_tax),
        cmocka_unit_test(test_cash_flows__state_fee_is_not_taxed),
        cmocka_unit_test(test_cash_flows__japanese_fiscal_years_split_at_april),
        cmocka_unit_test(test_cash_flows__prepaid_release_and_replacement),
        cmocka_unit_test(test_depreciation__of_purchased_items_follows_tkc_example),
        cmocka_unit_test(test_summary__per_unit_metrics),
        cmocka_unit_test(test_lease__factor_table_of_domain_reference),
        cmocka_unit_test(test_lease__versus_purchase_by_hand),
        cmocka_unit_test(test_rental__term_rates_and_rented_bom),
        cmocka_unit_test(test_lease__interest_based_payment_by_hand),
        cmocka_unit_test(test_compare__procurement_modes_in_total),
        cmocka_unit_test(test_npv_draws__equal_cash_flows_then_npv),
        cmocka_unit_test(test_options__init_refuses_newer_version),
        cmocka_unit_test(test_names__each_enum_value_has_its_name_and_parses_back),
        cmocka_unit_test(test_names__out_of_range_is_unknown_and_bad_names_are_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
