/* Private: per-technology working record of the pipeline and the results handle. */
#ifndef DXSIM_COMPARE_INTERNAL_H
#define DXSIM_COMPARE_INTERNAL_H

#include "dxsim/compare.h"
#include "dxsim/cost.h"
#include "dxsim/programme.h"
#include "dxsim/technology.h"
#include "plan_internal.h"
#include "scenario_internal.h"

#include <string.h>

#define DX__MAX_ITEMS 64
#define DX__MAX_YEARS 30
#define DX__MAX_NOTES 64

typedef struct {
    int eligible;
    double cost_jpy;
    double eligible_jpy;
    char rule[96];
    char reason[DX__NOTE_LEN];
} dx__verdict;

typedef struct {
    size_t n_items;
    dx_cost_item items[DX__MAX_ITEMS];
    int start_m[DX__MAX_ITEMS]; /* month each item starts (0: the project start) */
    double per_year_jpy[DX__MAX_YEARS];
    double build_moved_jpy; /* generated one-off build costs dated at the period start */
} dx__cost_mode;

/* The programme's rows of the evaluated mode: the items split by the period. */
#define DX__MAX_PROG (2 * DX__MAX_ITEMS)

typedef struct {
    dx_tech_result res;
    int mixed;            /* 1: several technologies, each carrying its assigned classes */
    /* 1: a Monte Carlo draw's scratch record: the stages compute the numbers
     * only (no note, reason or verdict text; the programme evaluated numbers
     * only), and dx__compare_from_plan clears the counts, not the item, row
     * and note arrays (read only up to their counts) */
    int numbers_only;
    char assignment[DX__NOTE_LEN]; /* mixed: "class -> technology; ..." */
    dx_plan_tech design;  /* the planning stage's design (plan.h); mixed: the largest part */
    dx_technology tech;   /* the technology record it was planned on */
    size_t n_routes;      /* the scenario's routes checked along the design's sites */
    dx_coverage_route_summary route[DX__SC_MAX_ROUTES];
    dx__cost_mode mode[DX_COMPARE_N_MODES];
    size_t n_prog;
    dx_cost_item prog[DX__MAX_PROG];
    dx__verdict verdict[DX__MAX_PROG];
    double eligible_tax_excluded_jpy, subsidy_tax_excluded_jpy; /* approved(), per the tax rule */
    double commitment_jpy;   /* recurring charges beyond the horizon (leases longer than it) */
    size_t n_notes;
    size_t n_more_notes;  /* notes past DX__MAX_NOTES - 1: counted in the last note */
    char notes[DX__MAX_NOTES][DX__NOTE_LEN];
} dx__tech_out;
/* compare.c: add a note to o (dx__note_list_add: never dropped silently). */
void dx__compare_note(dx__tech_out *o, const char *fmt, ...) DX__PRINTF(2, 3);

/* compare_glue.c: the scenario's start date "YYYY-MM-DD" (1 when given and
 * well formed, then *y, *m, *d are set); the one place that reads it. */
int dx__compare_start_date(const dx_scenario *sc, int *y, int *m, int *d);

/* compare_mc.c, tests only: 1 = run the scenario Monte Carlo one draw per
 * model call (dx_uncertainty_run) instead of in blocks; results are identical. */
void dx__test_mc_unbatched(int on);

/* Price books prepared once for a run's draws (compare_mc.c): the built-in book
 * with the scenario's <price> overrides of each candidate applied, as
 * dx__compare_bom would build them; valid while a draw's scenario has the same
 * n_price (a draw's price:KEY input appends overrides: then the book is built). */
typedef struct {
    size_t n;
    size_t n_price;                       /* the scenario's overrides the books carry */
    char tech_id[DX__SC_MAX_TECH][64];
    dx_price_book *book[DX__SC_MAX_TECH];
} dx__bom_books;

/* compare_glue.c: the built-in book with sc's <price> overrides for technology
 * tech_id applied (the caller frees it). */
dx_status dx__compare_price_book(const dx_scenario *sc, const char *tech_id, dx_price_book **out);

/* Scale factors applied to price-book prices by uncertainty draws, and the
 * books prepared for the draws (NULL: dx__compare_bom builds its own). */
typedef struct {
    double radio, installation, subscription, devices, all;
    const dx__bom_books *books;
} dx__price_scales;

struct dx_results {
    dx_scenario sc; /* a copy: results outlive the scenario handle */
    dx_plan *plan;   /* the design of every technology, scenario order (sites for maps) */
    size_t n;
    dx__tech_out *t; /* n entries, in rank order */
    int have_mc;
    size_t mc_draws;
    char mc_inputs[DX__SC_MAX_UNCERTAIN][64];
    size_t n_mc_inputs;
    /* P(rank 1 cheaper than rank 2) over the draws (NaN without Monte Carlo) */
    double p_first_cheaper_ratio;
    /* tornado of the best technology's net cost */
    size_t n_tornado;
    struct {
        char input[64];
        double low_jpy, high_jpy;
    } tornado[DX__SC_MAX_UNCERTAIN];
    /* progress of the run in progress (maps branch, issue 11): the Monte Carlo
     * share of dx_compare_run_ex's report; NULL = none. Borrowed during the run. */
    struct dx__progress_s *progress;
};

/* compare.c: planning configuration of a run (TCO callback at the given price scales). */
void dx__compare_plan_cfg(const dx_scenario *sc, const dx__price_scales *scales, int place_sites,
                          dx__plan_cfg *cfg);
/* compare.c: o's result from a finished design (no cost yet). Reads
 * o->numbers_only first: o must be initialised (zeroed, or a draw's record). */
void dx__compare_from_plan(const dx__plan_out *p, dx__tech_out *o);
/* compare.c: plan one technology (cfg) and finish it (cost, programme). */
dx_status dx__compare_tech(const dx_scenario *sc, const dx__sc_tech *choice,
                           const dx__plan_cfg *cfg, const dx__price_scales *scales,
                           dx__tech_out *o);
/* Stage 6 alone (the cost of every procurement mode of o's design). */
dx_status dx__compare_cost(const dx_scenario *sc, const dx__price_scales *scales, dx__tech_out *o);
/* The designs ranked first (and counted by P(cheapest feasible)): feasible and,
 * under a programme menu, passing its blocking requirements (a ③ design of
 * carrier routers and a data plan builds no wireless network of its own: ③ ※2
 * 非該当, so it ranks after the fundable designs whatever it costs). The one
 * place both the ranking and the Monte Carlo read it. */
static inline int dx__compare_ranks_first(const dx_tech_result *r)
{
    return r->feasible && (r->programme_ok || strcmp(r->menu, "none") == 0);
}

/* Stage 7 and cost-effectiveness on o's costed design. */
dx_status dx__compare_settle(const dx_scenario *sc, dx__tech_out *o);
/* compare_period.c: the period [p0, p1) and the horizon in months from the project start. */
void dx__compare_period(const dx_scenario *sc, int *p0, int *p1, int *horizon_m);
/* compare_period.c: 1 when a ③ scenario's period runs past the end of its
 * grant fiscal year (dx__compare_period then ends it with that March). */
int dx__compare_period_past_fy(const dx_scenario *sc);
/* compare_period.c: the programme's rows of a cost plan, split by the period. */
dx_status dx__compare_programme_rows(const dx_scenario *sc, size_t n_items, const dx_cost_item *items,
                                     const int *start_m, size_t cap, dx_cost_item *out,
                                     size_t *n_out, double *out_commitment_jpy);
/* compare_period.c: the month of purchase k (0 = the first) of a one-off item
 * starting at month s0, bought again at the end of each useful life before the
 * horizon's end H as the cash flows charge it; -1 when there is no purchase k. */
int dx__compare_purchase_month(const dx_cost_item *it, int s0, int H, int k);
/* compare_period.c: the purchases of such an item inside the horizon (the
 * return value) and inside the period [p0, p1) (*n_in_period). */
int dx__compare_purchases(const dx_cost_item *it, int s0, int p0, int p1, int H, int *n_in_period);
/* compare_period.c: 1 when a monthly item's fees are booked (paid) in the
 * first year: its own flag or <procurement cloud_booked> for rental/cloud fees. */
int dx__compare_booked(const dx_scenario *sc, const dx_cost_item *it);
/* compare_period.c: the yearly cash flows of a cost plan whose items may start
 * after the project start. */
dx_status dx__compare_mode_flows(const dx_scenario *sc, const dx__cost_mode *cm, size_t n_years,
                                 double *out_per_year_jpy);
/* compare_period.c: append the scenario's <costs> lines that belong to technology tech_id. */
/* Date the generated bill's one-off build costs (all cm's items so far) at the
 * period start when it is after the project start (ASSUMED, docs/cost-model.md);
 * sets cm->build_moved_jpy to their tax-included total. */
void dx__compare_date_build(const dx_scenario *sc, dx__cost_mode *cm);
dx_status dx__compare_add_cost_lines(const dx_scenario *sc, const char *tech_id, dx__cost_mode *cm);
/* compare_mixed.c: the scenario's fixed <design> assignments and the best mixed
 * design found by search, appended to R (after the single-technology designs). */
dx_status dx__compare_mixed(dx_results *R);
/* Costs, programme and cost-effectiveness on o's finished radio design. */
dx_status dx__compare_finish(const dx_scenario *sc, const dx__price_scales *scales, dx__tech_out *o);
const char *dx__compare_mode_name(int mode);
/* compare_glue.c: price overrides, scales and solution devices on the bill of materials */
dx_status dx__compare_bom(const dx_scenario *sc, const dx__price_scales *scales,
                          const dx_technology *t, const dx_cost_design *design, int mode,
                          size_t cap, dx_cost_item *items, size_t *n);
/* Columns of the yearly cash flows (fiscal years with a start date, which can
 * add a partial first year) and the first fiscal year's name (0 = none). */
size_t dx__compare_n_years(const dx_scenario *sc, int *out_first_fy);
/* compare_glue.c: the NPV of a cost plan over life_years from the project
 * start, without the scenario's start date (calendar years), at its discount
 * rate: what the cash flows of a copy of sc with that horizon and no start
 * date give (the plan's total cost of ownership, compare.c). */
dx_status dx__compare_life_npv(const dx_scenario *sc, double life_years, size_t n_items,
                               const dx_cost_item *items, double *out_npv_jpy);
/* compare.c: copy what a Monte Carlo draw reads of base into o (its header,
 * the modes' items up to their counts, the money scalars; no rows, verdicts
 * or notes) and make o numbers-only (dx__tech_out.numbers_only). */
void dx__compare_draw_copy(dx__tech_out *o, const dx__tech_out *base);
dx_status dx__compare_cash_flows(const dx_scenario *sc, size_t n_items, const dx_cost_item *items,
                                 size_t n_years, double *out_per_year_jpy);
dx_status dx__compare_applicant(const dx_scenario *sc, dx_applicant *applicant);
/* compare_glue.c: the uncertainty scale an item's price takes (category and role). */
double dx__compare_price_scale(const dx__price_scales *s, const dx_cost_item *it);
/* report.c */
dx_status dx__report_render(const dx_results *r, dx_report_format fmt, char **out);

#endif
