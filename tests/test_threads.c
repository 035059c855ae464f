/* Many threads, many scenarios: each of DX_THREADS pthreads loads every example
 * scenario (the first libxml2 use happens concurrently: dx__xml_init must make
 * it safe), runs the comparison and renders results.json; every thread's text
 * must equal the single-threaded run's. Run under ThreadSanitizer by
 * scripts/test.sh (DXSIM_SANITIZE_THREAD, clang): zero reports expected.
 * The reference is this library's own single-threaded output (a determinism
 * check, not a published value). */
#include "dx_test.h"

#include <pthread.h>
#include <dxsim.h>

#ifndef DXSIM_SCENARIO_DIR
#error "DXSIM_SCENARIO_DIR (examples/scenarios) is set by tests/CMakeLists.txt"
#endif
#define DX_THREADS 4
#define DX_LOAD_ROUNDS 4 /* extra load-only rounds: the parser is the racy part */

static const char *const scenario_files[] = {"farm-halow-lorawan.xml", "factory-local5g.xml",
                                             "bus-route-level4.xml"};
#define N_SCEN (sizeof scenario_files / sizeof scenario_files[0])

/* Loads, runs and renders scenario k. (The built-in demo is only loaded: its
 * Monte Carlo takes seconds, minutes under ThreadSanitizer.) */
static char *run_one(size_t k, char *err, size_t cap)
{
    dx_scenario *sc = NULL;
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", DXSIM_SCENARIO_DIR, scenario_files[k]);
    int st = dx_scenario_load(path, NULL, &sc);
    if (st != DX_OK) {
        snprintf(err, cap, "load %zu: %.300s", k, dx_last_error());
        return NULL;
    }
    dx_results *res = NULL;
    char *text = NULL;
    st = dx_compare_run(sc, &res);
    if (st == DX_OK)
        st = dx_results_render(res, DX_REPORT_JSON, &text);
    if (st != DX_OK)
        snprintf(err, cap, "run %zu: %.300s", k, dx_last_error());
    dx_results_free(res);
    dx_scenario_free(sc);
    return text;
}

typedef struct {
    size_t first; /* scenarios are visited in a different order per thread */
    char *json[N_SCEN];
    char err[512];
} job;

static void *worker(void *arg)
{
    job *j = arg;
    for (int round = 0; round < DX_LOAD_ROUNDS && !j->err[0]; round++)
        for (size_t i = 0; i < N_SCEN; i++) {
            char path[1024];
            snprintf(path, sizeof path, "%s/%s", DXSIM_SCENARIO_DIR, scenario_files[i]);
            dx_scenario *sc = NULL;
            if (dx_scenario_load(path, NULL, &sc) != DX_OK)
                snprintf(j->err, sizeof j->err, "load-only %.100s: %.300s", scenario_files[i], dx_last_error());
            dx_scenario_free(sc);
            if (dx_scenario_demo(&sc) != DX_OK)
                snprintf(j->err, sizeof j->err, "demo: %.300s", dx_last_error());
            dx_scenario_free(sc);
            /* malformed input too: libxml2's error path, per thread */
            const char bad[] = "<scenario><area width_m='100'></scenario>";
            if (dx_scenario_load_memory(bad, sizeof bad - 1, "bad.xml", NULL, &sc) != DX_EPARSE)
                snprintf(j->err, sizeof j->err, "malformed XML was accepted");
        }
    for (size_t i = 0; i < N_SCEN && !j->err[0]; i++) {
        size_t k = (j->first + i) % N_SCEN;
        j->json[k] = run_one(k, j->err, sizeof j->err);
    }
    return NULL;
}

static void test_threads__results_equal_the_single_threaded_run(void **state)
{
    (void)state;
    /* threads start before anything in the process touched libxml2 (no
     * dx_global_init on purpose: the loader must initialise it safely) */
    pthread_t th[DX_THREADS];
    static job jobs[DX_THREADS];
    for (size_t t = 0; t < DX_THREADS; t++) {
        jobs[t].first = t;
        assert_int_equal(pthread_create(&th[t], NULL, worker, &jobs[t]), 0);
    }
    for (size_t t = 0; t < DX_THREADS; t++)
        assert_int_equal(pthread_join(th[t], NULL), 0);
    for (size_t k = 0; k < N_SCEN; k++) {
        char err[512] = "";
        char *ref = run_one(k, err, sizeof err);
        if (!ref)
            fail_msg("single-threaded %s", err);
        for (size_t t = 0; t < DX_THREADS; t++) {
            if (jobs[t].err[0])
                fail_msg("thread %zu: %s", t, jobs[t].err);
            assert_non_null(jobs[t].json[k]);
            if (strcmp(jobs[t].json[k], ref) != 0)
                fail_msg("thread %zu, scenario %zu: results.json differs from the "
                         "single-threaded run", t, k);
            dx_free(jobs[t].json[k]);
        }
        dx_free(ref);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_threads__results_equal_the_single_threaded_run),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
