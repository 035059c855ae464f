/* The scenario Monte Carlo (compare_mc.c, issue 14): its results do not depend
 * on the thread count or on the draws going in blocks, and a draw does no
 * parsing or lookup by name (what does not change per draw is prepared once
 * per run). Links the static twin to set the scenario record directly and to
 * read the test-only work counters (counters_internal.h). */
#include "dx_test.h"
#include <dxsim.h>
#include "dx_internal.h"
#include "compare_internal.h"
#include "counters_internal.h"
#include "scenario_internal.h"
#ifdef _OPENMP
#include <omp.h>
#endif

static const char *example_path(const char *name)
{
    static char buf[4096];
    const char *dir = getenv("DXSIM_TEST_DATA");
    snprintf(buf, sizeof buf, "%s/../../examples/scenarios/%s", dir ? dir : "../tests/data", name);
    return buf;
}

/* The farm example with a radio input added (demand_scale re-designs the
 * radio in every draw) next to its two price inputs, and draws draws. */
static dx_scenario *farm_with_radio_input(size_t draws)
{
    dx_scenario *sc = NULL;
    dx_status st = dx_scenario_load(example_path("farm-halow-lorawan.xml"), NULL, &sc);
    if (st != DX_OK)
        print_error("load: %s\n", dx_last_error());
    assert_int_equal(st, DX_OK);
    assert_true(sc->n_uncertain >= 1 && sc->n_uncertain < DX__SC_MAX_UNCERTAIN);
    dx__sc_uncertain *u = &sc->uncertain[sc->n_uncertain++];
    memset(u, 0, sizeof *u);
    snprintf(u->target, sizeof u->target, "demand_scale");
    snprintf(u->dist, sizeof u->dist, "triangular");
    u->a = 0.8;
    u->b = 1.0;
    u->c = 1.3;
    u->line = 1;
    sc->mc_draws = draws;
    return sc;
}

/* An example with a demand_scale input added (a radio input: every draw
 * re-designs) and draws draws; its other inputs are dropped. */
static dx_scenario *with_demand_input(const char *name, size_t draws)
{
    dx_scenario *sc = NULL;
    dx_status st = dx_scenario_load(example_path(name), NULL, &sc);
    if (st != DX_OK)
        print_error("load: %s\n", dx_last_error());
    assert_int_equal(st, DX_OK);
    sc->n_uncertain = 1;
    dx__sc_uncertain *u = &sc->uncertain[0];
    memset(u, 0, sizeof *u);
    snprintf(u->target, sizeof u->target, "demand_scale");
    snprintf(u->dist, sizeof u->dist, "triangular");
    u->a = 0.8;
    u->b = 1.0;
    u->c = 1.3;
    u->line = 1;
    sc->mc_draws = draws;
    sc->mc_seed = 7;
    return sc;
}

static char *run_json(const dx_scenario *sc)
{
    dx_results *r = NULL;
    dx_status st = dx_compare_run(sc, &r);
    if (st != DX_OK)
        print_error("run: %s\n", dx_last_error());
    assert_int_equal(st, DX_OK);
    char *json = NULL;
    assert_int_equal(dx_results_render(r, DX_REPORT_JSON, &json), DX_OK);
    dx_results_free(r);
    return json;
}

/* Three blocks of draws (256 + 256 + 8), so 2 and 3 threads really share them. */
#define DRAWS 520

static void test_compare_mc__same_for_1_2_3_threads_and_unbatched(void **state)
{
    (void)state;
    dx_scenario *sc = farm_with_radio_input(DRAWS);
#ifdef _OPENMP
    omp_set_num_threads(1);
#endif
    char *one = run_json(sc);
    assert_non_null(strstr(one, "\"net_cost_p50_jpy\""));
#ifdef _OPENMP
    for (int nt = 2; nt <= 3; nt++) {
        omp_set_num_threads(nt);
        char *many = run_json(sc);
        if (strcmp(one, many) != 0)
            print_error("results.json with %d threads differs from 1 thread\n", nt);
        assert_string_equal(one, many);
        dx_free(many);
    }
    omp_set_num_threads(2);
#endif
    dx__test_mc_unbatched(1); /* one draw per model call (dx_uncertainty_run) */
    char *unbatched = run_json(sc);
    dx__test_mc_unbatched(0);
    assert_string_equal(one, unbatched);
    dx_free(unbatched);
    dx_free(one);
    dx_scenario_free(sc);
}

typedef struct {
    unsigned long v[DX__COUNT_N];
} counts;

static counts count_run(const dx_scenario *sc)
{
    counts before, after;
    for (int k = 0; k < DX__COUNT_N; k++)
        before.v[k] = dx__count_get((dx__counter)k);
    dx_free(run_json(sc));
    for (int k = 0; k < DX__COUNT_N; k++)
        after.v[k] = dx__count_get((dx__counter)k) - before.v[k];
    return after;
}

/* The work done once per run (price books, rules, input targets) is the same
 * for 260 and 520 draws: a draw parses nothing, copies no price book and
 * resolves no target by name. The built-in price book is parsed once per
 * process, and the programme rules once per menu. */
static void test_compare_mc__a_draw_parses_nothing(void **state)
{
    (void)state;
    dx_scenario *few = farm_with_radio_input(DRAWS / 2);
    dx_scenario *many = farm_with_radio_input(DRAWS);
    dx_free(run_json(few)); /* first run of the process: the once-per-process work */
    counts a = count_run(few), b = count_run(many);
    assert_int_equal(a.v[DX__COUNT_PRICE_BOOK_PARSE], 0);
    assert_int_equal(b.v[DX__COUNT_PRICE_BOOK_PARSE], 0);
    assert_int_equal(a.v[DX__COUNT_RULES_PARSE], 0);
    assert_int_equal(b.v[DX__COUNT_RULES_PARSE], 0);
    assert_int_equal(a.v[DX__COUNT_PRICE_BOOK_COPY], b.v[DX__COUNT_PRICE_BOOK_COPY]);
    assert_int_equal(a.v[DX__COUNT_MC_TARGET_RESOLVE], b.v[DX__COUNT_MC_TARGET_RESOLVE]);
    assert_true(b.v[DX__COUNT_MC_TARGET_RESOLVE] > 0); /* the counter counts */
    assert_true(b.v[DX__COUNT_PRICE_BOOK_COPY] > 0);
    dx_scenario_free(few);
    dx_scenario_free(many);
}

dx_status dx__compare_uncertainty(dx_results *R); /* compare_mc.c: the draws of a finished run */

/* The draws' formatted texts of one scenario: the base run formats its
 * programme reasons and notes, then its draws (dx__compare_uncertainty again
 * on the finished run) format none. */
static void draws_format_nothing(const dx_scenario *sc)
{
    dx_results *R = NULL;
    const unsigned long r0 = dx__count_get(DX__COUNT_PROG_REASON);
    const unsigned long n0 = dx__count_get(DX__COUNT_NOTE);
    assert_int_equal(dx_compare_run(sc, &R), DX_OK);
    const unsigned long r1 = dx__count_get(DX__COUNT_PROG_REASON);
    const unsigned long n1 = dx__count_get(DX__COUNT_NOTE);
    assert_true(r1 > r0 && n1 > n0); /* the base run's texts: the counters count */
    assert_int_equal(dx__compare_uncertainty(R), DX_OK);
    assert_int_equal(dx__count_get(DX__COUNT_PROG_REASON) - r1, 0);
    assert_int_equal(dx__count_get(DX__COUNT_NOTE) - n1, 0);
    dx_results_free(R);
}

/* A draw computes the numbers only (MC_OUT: rank cost, coverage, feasible,
 * B/C): no programme reason and no note is formatted in any of the three
 * kinds of draw (a re-plan, the base design re-priced, a mixed design
 * re-priced), while the base run keeps every text (the identity tests above). */
static void test_compare_mc__a_draw_formats_no_reason_nor_note(void **state)
{
    (void)state;
    dx_scenario *radio = farm_with_radio_input(DRAWS); /* re-plans + the mixed design */
    dx_scenario *prices = NULL; /* the example's own price inputs: the base design re-priced */
    assert_int_equal(dx_scenario_load(example_path("farm-halow-lorawan.xml"), NULL, &prices), DX_OK);
    prices->mc_draws = DRAWS;
    draws_format_nothing(radio);
    draws_format_nothing(prices);
    dx_scenario_free(prices);
    dx_scenario_free(radio);
}

/* The route checks' memo also serves a polygon area (valley-town-polygon:
 * the options borrow the polygon, keyed by its vertices since each block of
 * draws has its own scenario copy): the 520 draws compute a handful of route
 * checks, not one per draw, and the results are those of 1 thread, 3 threads
 * and the unbatched path (where every draw has a fresh copy). */
static void test_compare_mc__route_memo_serves_a_polygon_area(void **state)
{
    (void)state;
    dx_scenario *sc = with_demand_input("valley-town-polygon.xml", DRAWS);
    assert_true(sc->polygon.on && sc->n_routes >= 1);
#ifdef _OPENMP
    omp_set_num_threads(1);
#endif
    const unsigned long c0 = dx__count_get(DX__COUNT_ROUTE_CHECK);
    char *one = run_json(sc);
    const unsigned long computed = dx__count_get(DX__COUNT_ROUTE_CHECK) - c0;
    print_message("route checks computed: %lu for %d draws\n", computed, DRAWS);
    assert_true(computed > 0 && computed < DRAWS / 4);
#ifdef _OPENMP
    omp_set_num_threads(3);
    char *three = run_json(sc);
    assert_string_equal(one, three);
    dx_free(three);
    omp_set_num_threads(2);
#endif
    dx__test_mc_unbatched(1);
    char *unbatched = run_json(sc);
    dx__test_mc_unbatched(0);
    assert_string_equal(one, unbatched);
    dx_free(unbatched);
    dx_free(one);
    dx_scenario_free(sc);
}

int main(void)
{
    dx_global_init(DX_INIT_GSL_HANDLER_OFF);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_compare_mc__same_for_1_2_3_threads_and_unbatched),
        cmocka_unit_test(test_compare_mc__a_draw_parses_nothing),
        cmocka_unit_test(test_compare_mc__a_draw_formats_no_reason_nor_note),
        cmocka_unit_test(test_compare_mc__route_memo_serves_a_polygon_area),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
