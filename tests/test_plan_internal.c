/* plan.h: the planning stage. Claims of issue 9: every front door gets the
 * same design; the design never depends on who pays (property over random
 * procurement modes, horizons, menus, start dates); roadside corridors are
 * within 1.5x of a hand count from the link budget; existing poles cut new
 * poles and cost; the farm's mixed design is feasible and cheaper than every
 * single technology; grid and analytic fidelities agree within the stated
 * tolerance. Links the static twin to vary the scenario record directly. */
#include "dx_test.h"
#include <dxsim.h>
#include "scenario_internal.h"

static const char *example_path(const char *name)
{
    static char buf[4096];
    const char *dir = getenv("DXSIM_TEST_DATA");
    snprintf(buf, sizeof buf, "%s/../../examples/scenarios/%s", dir ? dir : "../tests/data", name);
    return buf;
}

static dx_scenario *load(const char *name)
{
    dx_scenario *sc = NULL;
    dx_status st = strcmp(name, "demo") == 0 ? dx_scenario_demo(&sc)
                                             : dx_scenario_load(example_path(name), NULL, &sc);
    if (st != DX_OK)
        print_error("load %s: %s\n", name, dx_last_error());
    assert_int_equal(st, DX_OK);
    return sc;
}

static dx_plan *plan_of(const dx_scenario *sc, int fidelity, double res_m)
{
    dx_plan_run_options o;
    assert_int_equal(dx_plan_run_options_init(&o, DX_PLAN_RUN_OPTIONS_VERSION), DX_OK);
    o.fidelity = fidelity;
    o.grid_resolution_m = res_m;
    dx_plan *p = NULL;
    dx_status st = dx_compare_plan(sc, &o, &p);
    if (st != DX_OK)
        print_error("plan: %s\n", dx_last_error());
    assert_int_equal(st, DX_OK);
    return p;
}

static const char *const examples[] = {"bus-route-level4.xml", "factory-local5g.xml",
                                       "farm-halow-lorawan.xml", "demo"};

/* dx_compare_run costs exactly the design dx_compare_plan returns. */
static void test_plan__run_costs_the_design_the_plan_returns(void **state)
{
    (void)state;
    for (size_t e = 0; e < sizeof examples / sizeof examples[0]; e++) {
        dx_scenario *sc = load(examples[e]);
        sc->n_uncertain = 0; /* the design is the base run's */
        dx_plan *p = plan_of(sc, -1, 0);
        dx_results *r = NULL;
        assert_int_equal(dx_compare_run(sc, &r), DX_OK);
        for (size_t i = 0; i < dx_plan_count(p); i++) {
            dx_plan_tech d;
            assert_int_equal(dx_plan_get(p, i, &d), DX_OK);
            int found = 0;
            for (size_t k = 0; k < dx_results_count(r); k++) {
                dx_tech_result t;
                assert_int_equal(dx_results_get(r, k, &t), DX_OK);
                if (strcmp(t.id, d.id) != 0)
                    continue;
                found = 1;
                assert_int_equal(t.feasible, d.feasible);
                dx_assert_close(t.bw_hz, d.bw_hz, 0, 0);
                if (isfinite(t.sites))
                    dx_assert_close(t.sites, (double)d.sites, 0, 0);
                dx_assert_close(t.coverage_ratio, d.coverage_ratio, 0, 0);
            }
            assert_true(found);
        }
        dx_results_free(r);
        dx_plan_free(p);
        dx_scenario_free(sc);
    }
}

/* SplitMix64 (Steele, Lea, Flood 2014): the property test's own stream. */
static uint64_t next_u64(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* Property: procurement mode, horizon, menu, start date and applicant never
 * change the design (width, sites, radios, terminals, feasibility). */
static void test_plan__design_is_the_same_whoever_pays(void **state)
{
    (void)state;
    static const char *const menus[] = {"none", "r7-2-1", "r7-2-2", "r7-2-3", "r7-3", "r7-1-2"};
    static const char *const applicants[] = {"municipality", "company", "nonprofit"};
    uint64_t rng = 20251205;
    for (size_t e = 0; e < sizeof examples / sizeof examples[0]; e++) {
        dx_scenario *sc = load(examples[e]);
        sc->n_uncertain = 0;
        dx_plan *base = plan_of(sc, DX_PLAN_FIDELITY_ANALYTIC, 0);
        int variants = strcmp(examples[e], "demo") == 0 ? 3 : 20;
        for (int v = 0; v < variants; v++) {
            dx_scenario var = *sc;
            var.procurement_mode = (int)(next_u64(&rng) % 3);
            var.horizon_years = 1 + (double)(next_u64(&rng) % 12);
            snprintf(var.menu, sizeof var.menu, "%s", menus[next_u64(&rng) % 6]);
            snprintf(var.applicant_type, sizeof var.applicant_type, "%s",
                     applicants[next_u64(&rng) % 3]);
            var.consortium_local_governments = (int)(next_u64(&rng) % 3);
            if (next_u64(&rng) % 2)
                snprintf(var.start_date, sizeof var.start_date, "20%02d-%02d-01",
                         (int)(25 + next_u64(&rng) % 3), (int)(1 + next_u64(&rng) % 12));
            else
                var.start_date[0] = '\0';
            dx_plan *p = plan_of(&var, DX_PLAN_FIDELITY_ANALYTIC, 0);
            assert_int_equal(dx_plan_count(p), dx_plan_count(base));
            for (size_t i = 0; i < dx_plan_count(p); i++) {
                dx_plan_tech a, b;
                dx_plan_get(base, i, &a);
                dx_plan_get(p, i, &b);
                assert_string_equal(a.id, b.id);
                dx_assert_close(b.bw_hz, a.bw_hz, 0, 0);
                assert_int_equal(b.sites, a.sites);
                assert_int_equal(b.radios, a.radios);
                assert_int_equal(b.feasible, a.feasible);
                dx_assert_close(b.terminals_module, a.terminals_module, 0, 0);
                dx_assert_close(b.terminals_cpe, a.terminals_cpe, 0, 0);
            }
            dx_plan_free(p);
        }
        dx_plan_free(base);
        dx_scenario_free(sc);
    }
}

/* Level 4 bus line: roadside sites along the 2.6 km route, within a factor
 * 1.5 of a hand count. Hand count: the radius at which the TR 38.901 UMa NLOS
 * path loss (the published formula, through dx_propagation_path_loss_db)
 * plus the log-normal margin for the 95 % edge target (1.645 sigma, sigma =
 * 6 dB for UMa NLOS, TR 38.901 Table 7.4.1-1) equals the design's allowable
 * loss; sites = ceil(L / 2r) + 1 (a site every 2 r along the road, both ends). */
static void test_plan__level4_corridor_within_1_5x_of_hand_count(void **state)
{
    (void)state;
    dx_scenario *sc = load("bus-route-level4.xml");
    sc->n_sites = 0; /* positions only: the street lights are another test */
    dx_plan *p = plan_of(sc, DX_PLAN_FIDELITY_ANALYTIC, 0);
    dx_plan_tech d;
    size_t i = 0;
    for (; i < dx_plan_count(p); i++) {
        dx_plan_get(p, i, &d);
        if (strcmp(d.id, "l5g-sub6") == 0)
            break;
    }
    assert_true(i < dx_plan_count(p));
    assert_true(d.feasible);
    assert_int_equal(d.sites_area, 0);
    assert_int_equal(d.sites, d.sites_corridor);
    /* route length by hand: (100,200)-(900,300)-(1500,900)-(2300,1400) */
    double L = hypot(800, 100) + hypot(600, 600) + hypot(800, 500);
    double mapl = fmin(d.mapl_dl_db, d.mapl_ul_db);
    dx_propagation_params pp;
    dx_propagation_params_init(&pp, DX_PROPAGATION_PARAMS_VERSION);
    pp.los = DX_PROPAGATION_NLOS;
    double lo = 10, hi = 5000;
    for (int it = 0; it < 60; it++) {
        double mid = sqrt(lo * hi), pl = 0, h_ut = 1.5;
        size_t nout = 0;
        dx_propagation_path_loss_db(DX_PROPAGATION_38901_UMA, &pp, 1, &d.fc_hz, &mid, &d.bs_height_m,
                                    &h_ut, &pl, NULL, &nout);
        if (pl + 1.645 * 6.0 <= mapl)
            lo = mid;
        else
            hi = mid;
    }
    double hand = ceil(L / (2 * lo)) + 1;
    print_message("corridor: %zu sites (spacing %.0f m); hand count %.0f (r = %.0f m, L = %.0f m)\n",
                  d.sites, d.corridor_spacing_m, hand, lo, L);
    assert_true((double)d.sites <= 1.5 * hand && (double)d.sites >= hand / 1.5);
    /* every route sample is covered and the uplink sustained */
    dx_coverage_route_summary rs;
    assert_int_equal(dx_plan_route(p, i, 0, &rs), DX_OK);
    assert_int_equal(rs.n_outage_segments, 0);
    assert_true(rs.ul_sustained);
    assert_true(rs.n_handovers >= d.sites - 1);
    dx_plan_free(p);
    dx_scenario_free(sc);
}

/* The same bus line with and without the town's street lights: fewer new
 * poles, and a lower purchase cost by at least the poles and power
 * connections not bought. */
static void test_plan__given_poles_mean_fewer_new_poles_and_lower_cost(void **state)
{
    (void)state;
    dx_scenario *with = load("bus-route-level4.xml");
    with->n_uncertain = 0;
    dx_scenario *without = calloc(1, sizeof *without);
    *without = *with;
    without->n_sites = 0;
    dx_results *rw = NULL, *ro = NULL;
    assert_int_equal(dx_compare_run(with, &rw), DX_OK);
    assert_int_equal(dx_compare_run(without, &ro), DX_OK);
    dx_plan *pw = plan_of(with, -1, 0), *po = plan_of(without, -1, 0);
    int checked = 0;
    for (size_t i = 0; i < dx_plan_count(pw); i++) {
        dx_plan_tech a, b;
        dx_plan_get(pw, i, &a);
        dx_plan_get(po, i, &b);
        if (strcmp(a.id, "l5g-sub6") != 0)
            continue;
        assert_int_equal(a.sites, b.sites); /* same layout */
        assert_true(a.sites_given + a.sites_candidate > 0);
        assert_true(a.sites_need_pole < b.sites_need_pole);
        assert_int_equal(b.sites_need_pole, b.sites);
        for (size_t k = 0; k < dx_results_count(rw); k++) {
            dx_tech_result x, y;
            dx_results_get(rw, k, &x);
            if (strcmp(x.id, "l5g-sub6") != 0)
                continue;
            for (size_t m = 0; m < dx_results_count(ro); m++) {
                dx_results_get(ro, m, &y);
                if (strcmp(y.id, "l5g-sub6") != 0)
                    continue;
                /* at least the poles not bought: 800,000 JPY x 1.1 each (domain-japan §9 row 20) */
                double saved = y.cost_jpy[DX_COMPARE_PURCHASE] - x.cost_jpy[DX_COMPARE_PURCHASE];
                assert_true(saved >= (double)(b.sites_need_pole - a.sites_need_pole) * 800000 * 1.1 - 1);
                checked = 1;
            }
        }
    }
    assert_true(checked);
    dx_plan_free(pw);
    dx_plan_free(po);
    dx_results_free(rw);
    dx_results_free(ro);
    free(without);
    dx_scenario_free(with);
}

/* The farm: LoRaWAN for the sensors and a camera network for the cameras is
 * feasible and cheaper than every single-technology design (in the evaluated
 * procurement mode), and says which class goes where. */
static void test_plan__farm_mixed_design_is_feasible_and_cheapest(void **state)
{
    (void)state;
    dx_scenario *sc = load("farm-halow-lorawan.xml");
    sc->n_uncertain = 0;
    dx_results *r = NULL;
    assert_int_equal(dx_compare_run(sc, &r), DX_OK);
    dx_tech_result best;
    int have = 0;
    for (size_t k = 0; k < dx_results_count(r); k++) {
        dx_tech_result t;
        dx_results_get(r, k, &t);
        if (strcmp(t.id, "mixed-best") == 0) {
            best = t;
            have = 1;
        }
    }
    assert_true(have);
    assert_true(best.feasible);
    assert_non_null(strstr(best.verdict, "-> lorawan-as923"));
    assert_non_null(strstr(best.verdict, "cameras ->"));
    for (size_t k = 0; k < dx_results_count(r); k++) {
        dx_tech_result t;
        dx_results_get(r, k, &t);
        if (strncmp(t.id, "mixed", 5) == 0 || !t.feasible)
            continue;
        assert_true(best.cost_jpy[best.mode] < t.cost_jpy[t.mode]);
    }
    dx_results_free(r);
    dx_scenario_free(sc);
}

/* Grid and analytic fidelities of one scenario: the same channel width and
 * feasibility, and a grid site count between 0.5 and 1.25 of the analytic
 * one (the grid meets the area target pixel by pixel; the analytic hexagon
 * also meets the cell-edge probability at its vertices, so it needs up to
 * twice the sites: docs/planning.md). */
static void test_plan__grid_and_analytic_agree_within_tolerance(void **state)
{
    (void)state;
    for (size_t e = 0; e < 3; e++) {
        dx_scenario *sc = load(examples[e]);
        dx_plan *a = plan_of(sc, DX_PLAN_FIDELITY_ANALYTIC, 0);
        dx_plan *g = plan_of(sc, DX_PLAN_FIDELITY_GRID, 0);
        for (size_t i = 0; i < dx_plan_count(a); i++) {
            dx_plan_tech x, y;
            dx_plan_get(a, i, &x);
            dx_plan_get(g, i, &y);
            assert_int_equal(x.fidelity, DX_PLAN_FIDELITY_ANALYTIC);
            assert_string_equal(x.id, y.id);
            dx_assert_close(y.bw_hz, x.bw_hz, 0, 0);
            assert_int_equal(y.feasible, x.feasible);
            if (x.sites == 0)
                continue;
            assert_int_equal(y.fidelity, DX_PLAN_FIDELITY_GRID);
            double ratio = (double)y.sites / (double)x.sites;
            print_message("%s %s: analytic %zu, grid %zu sites (%.2f)\n", examples[e], x.id,
                          x.sites, y.sites, ratio);
            assert_true(ratio >= 0.5 && ratio <= 1.25);
        }
        dx_plan_free(a);
        dx_plan_free(g);
        dx_scenario_free(sc);
    }
}

/* Scenario choices reach the plan: a 40 m mast on sub-GHz HaLow in a suburb
 * plans on Okumura-Hata (which has a mast-height term), and a 40 m Local 5G
 * mast on TR 38.901 UMa carries a visible warning. */
static void test_plan__model_choice_follows_validity(void **state)
{
    (void)state;
    const char *xml =
        "<scenario name=\"m\"><area width_m=\"2000\" height_m=\"2000\" environment=\"suburban\"/>"
        "<demand><devices name=\"s\" count=\"50\" message_bytes=\"20\" messages_per_day=\"48\"/></demand>"
        "<technologies><technology id=\"halow\" bs_height_m=\"40\" bw_mhz=\"1\"/>"
        "<technology id=\"l5g-sub6\" bs_height_m=\"40\" tdd=\"qs1\" bw_mhz=\"40\"/></technologies>"
        "<programme menu=\"none\"/></scenario>";
    dx_scenario *sc = NULL;
    assert_int_equal(dx_scenario_load_memory(xml, strlen(xml), "m.xml", NULL, &sc), DX_OK);
    dx_plan *p = plan_of(sc, DX_PLAN_FIDELITY_ANALYTIC, 0);
    dx_plan_tech h, l;
    dx_plan_get(p, 0, &h);
    dx_plan_get(p, 1, &l);
    assert_string_equal(h.propagation_model, "hata");
    dx_assert_close(h.bs_height_m, 40, 0, 0);
    dx_assert_close(h.bw_hz, 1e6, 0, 0);
    assert_string_equal(l.propagation_model, "38901-uma");
    assert_string_equal(l.tdd_frame, "qs1");
    dx_assert_close(l.bw_hz, 40e6, 0, 0);
    assert_true(l.model_out_of_range);
    int warned = 0;
    for (size_t k = 0; k < dx_plan_note_count(p, 1); k++)
        warned |= strncmp(dx_plan_note(p, 1, k), "WARNING", 7) == 0;
    assert_true(warned);
    dx_plan_free(p);
    dx_scenario_free(sc);
}

int main(void)
{
    dx_global_init(DX_INIT_GSL_HANDLER_OFF);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plan__run_costs_the_design_the_plan_returns),
        cmocka_unit_test(test_plan__design_is_the_same_whoever_pays),
        cmocka_unit_test(test_plan__level4_corridor_within_1_5x_of_hand_count),
        cmocka_unit_test(test_plan__given_poles_mean_fewer_new_poles_and_lower_cost),
        cmocka_unit_test(test_plan__farm_mixed_design_is_feasible_and_cheapest),
        cmocka_unit_test(test_plan__grid_and_analytic_agree_within_tolerance),
        cmocka_unit_test(test_plan__model_choice_follows_validity),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
