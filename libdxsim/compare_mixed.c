/* Mixed designs: demand classes assigned to different technologies (sensors
 * on LoRaWAN, cameras on Local 5G). A mixed design is the union of one design
 * per technology, each planned by the planning stage for the classes assigned
 * to it; its cost is the sum of the parts, evaluated against the programme as
 * one project (caps and thresholds apply once).
 *
 * Shared costs are counted once: the parts are planned largest first, and the
 * sites of the parts already planned are offered to the next as existing
 * sites with a pole, power and backhaul (plan.h <sites> reuse), so a LoRaWAN
 * gateway on a Local 5G mast buys no second pole or fibre line. Each class's
 * solution devices are priced once, by the part that carries it.
 *
 * Search (scenario <design search>, default on): every assignment of the
 * classes to the candidate technologies that can carry them (pairs a
 * technology cannot carry, or may not use, are pruned), using at least two
 * technologies, is ranked by the sum of its parts' total cost of ownership
 * over the planning life (the design rule of the planning stage: never who
 * pays); the best feasible one is reported when its total cost of ownership
 * is below every feasible single-technology design's. At most DX__MIXED_MAX assignments are
 * evaluated: beyond that, each class keeps only its DX__MIXED_PER_CLASS
 * cheapest technologies (by their single-technology TCO). */
#define _GNU_SOURCE
#include "dx_internal.h"
#include "compare_internal.h"

#include <stdio.h>
#include <string.h>

#define DX__MIXED_MAX 256
#define DX__MIXED_PER_CLASS 3

typedef struct {
    int tech_of_class[DX__SC_MAX_DEMAND];
} dx__assign;

/* The scenario restricted to the classes of `mask`, with extra given sites. */
static void part_scenario(const dx_scenario *sc, unsigned mask, const dx__plan_out *prev,
                          size_t n_prev, dx_scenario *out)
{
    *out = *sc;
    out->n_demand = 0;
    for (size_t i = 0; i < sc->n_demand; i++)
        if (mask & (1u << i))
            out->demand[out->n_demand++] = sc->demand[i];
    out->n_designs = 0;
    if (n_prev > 0) {
        /* the applicant's cost lines for every technology belong to the
         * project once: the first part carries them, later parts only their
         * own technology's lines */
        size_t n = 0;
        for (size_t i = 0; i < sc->n_costs; i++)
            if (sc->cost[i].technology[0] && strcmp(sc->cost[i].technology, "all") != 0)
                out->cost[n++] = sc->cost[i];
        out->n_costs = n;
    }
    for (size_t p = 0; p < n_prev; p++)
        for (size_t k = 0; k < prev[p].n_sites && out->n_sites < DX__SC_MAX_SITES; k++) {
            dx__sc_site *s = &out->site[out->n_sites++];
            memset(s, 0, sizeof *s);
            snprintf(s->name, sizeof s->name, "%s site %zu", prev[p].d.id, k + 1);
            s->x_m = prev[p].sites[k].x_m;
            s->y_m = prev[p].sites[k].y_m;
            s->pole = s->power = s->backhaul = 1;
        }
}

/* Plan, cost and settle one assignment. out is the combined result. */
static dx_status evaluate(const dx_results *R, const dx__assign *a, const char *id,
                          const char *label, dx__tech_out *out)
{
    const dx_scenario *sc = &R->sc;
    static const dx__price_scales unit = {1, 1, 1, 1, 1, NULL};
    unsigned mask[DX__SC_MAX_TECH] = {0};
    size_t order[DX__SC_MAX_TECH], n_parts = 0;
    for (size_t i = 0; i < sc->n_demand; i++)
        mask[a->tech_of_class[i]] |= 1u << i;
    /* parts largest first (by the single-technology design's sites) */
    for (size_t t = 0; t < sc->n_tech; t++)
        if (mask[t])
            order[n_parts++] = t;
    for (size_t i = 1; i < n_parts; i++)
        for (size_t j = i; j > 0; j--) {
            const dx__plan_out *pa = dx__plan_out_at(R->plan, order[j - 1]);
            const dx__plan_out *pb = dx__plan_out_at(R->plan, order[j]);
            if (pa && pb && pb->d.sites > pa->d.sites) {
                size_t tmp = order[j];
                order[j] = order[j - 1];
                order[j - 1] = tmp;
            }
        }
    dx_scenario *psc = dx__malloc(sizeof *psc);
    dx__plan_out *parts = dx__calloc(n_parts, sizeof *parts);
    dx__tech_out *po = dx__calloc(1, sizeof *po); /* numbers_only = 0: a full record */
    dx_status st = psc && parts && po ? DX_OK : DX_ENOMEM;
    if (st != DX_OK)
        dx__set_error("out of memory evaluating a mixed design");
    memset(out, 0, sizeof *out);
    dx_tech_result *r = &out->res;
    out->mixed = 1;
    int feasible = 1;
    double min_cov = 1.0;
    for (size_t p = 0; p < n_parts && st == DX_OK; p++) {
        size_t t = order[p];
        part_scenario(sc, mask[t], parts, p, psc);
        dx__plan_cfg cfg;
        dx__compare_plan_cfg(psc, &unit, 1, &cfg);
        dx__sc_tech choice = sc->tech[t];
        choice.bw_mhz = 0; /* the part chooses its own width for its classes */
        st = dx__plan_one(psc, &choice, &cfg, &parts[p]);
        if (st != DX_OK)
            break;
        dx__compare_from_plan(&parts[p], po);
        st = dx__compare_cost(psc, &unit, po);
        if (st != DX_OK)
            break;
        const dx_plan_tech *d = &parts[p].d;
        feasible = feasible && d->feasible;
        min_cov = fmin(min_cov, d->coverage_ratio);
        if (p == 0) {
            out->design = *d;
            out->tech = po->tech;
            for (int m = 0; m < DX_COMPARE_N_MODES; m++)
                r->mode_available[m] = 1;
        }
        /* sum the parts: radio columns and every procurement mode's items and flows */
        r->sites = (p ? r->sites : 0) + (double)d->sites;
        r->radios = (p ? r->radios : 0) + (double)d->radios;
        r->devices += d->devices;
        r->offered_dl_mbps += d->offered_dl_mbps;
        r->offered_ul_mbps += d->offered_ul_mbps;
        r->required_dl_mbps = fmax(r->required_dl_mbps, d->required_dl_mbps);
        r->required_ul_mbps = fmax(r->required_ul_mbps, d->required_ul_mbps);
        for (int m = 0; m < DX_COMPARE_N_MODES; m++) {
            /* a mode a part lacks (a carrier service cannot be bought) takes the part's
             * subscription: the mixed design is bought/leased where it can be */
            int pm = po->res.mode_available[m] ? m : DX_COMPARE_SUBSCRIPTION;
            const dx__cost_mode *src = &po->mode[pm];
            dx__cost_mode *dst = &out->mode[m];
            if (dst->n_items + src->n_items > DX__MAX_ITEMS) {
                st = DX_EBUFSIZE;
                dx__set_error("mixed design '%s': more than %d cost items", label, DX__MAX_ITEMS);
                break;
            }
            memcpy(dst->items + dst->n_items, src->items, src->n_items * sizeof *src->items);
            memcpy(dst->start_m + dst->n_items, src->start_m, src->n_items * sizeof *src->start_m);
            dst->n_items += src->n_items;
            dst->build_moved_jpy += src->build_moved_jpy;
            for (size_t y = 0; y < DX__MAX_YEARS; y++)
                dst->per_year_jpy[y] += src->per_year_jpy[y];
            r->cost_jpy[m] = (p ? r->cost_jpy[m] : 0) + po->res.cost_jpy[pm];
            r->npv_cost_jpy[m] = (p ? r->npv_cost_jpy[m] : 0) + po->res.npv_cost_jpy[pm];
        }
        out->design.tco_jpy = (p ? out->design.tco_jpy : 0) + d->tco_jpy;
        dx__compare_note(out, "part %zu: %s for %s: %s", p + 1, d->id,
                         psc->n_demand == 1 ? psc->demand[0].name : "several classes", d->verdict);
        for (size_t k = 0; k < parts[p].n_notes; k++)
            if (strncmp(parts[p].notes[k], "sites:", 6) == 0 ||
                strncmp(parts[p].notes[k], "WARNING", 7) == 0)
                dx__compare_note(out, "%s: %s", d->id, parts[p].notes[k]);
    }
    if (st == DX_OK) {
        snprintf(r->id, sizeof r->id, "%s", id);
        if (strlen(label) < sizeof r->name) {
            snprintf(r->name, sizeof r->name, "%s", label);
        } else {
            /* the full assignment does not fit a technology's name: name the
             * technologies used and give the assignment in full in a note */
            size_t len = (size_t)snprintf(r->name, sizeof r->name, "mixed:");
            for (size_t t = 0; t < sc->n_tech && len < sizeof r->name; t++)
                if (mask[t])
                    len += (size_t)snprintf(r->name + len, sizeof r->name - len, " %s",
                                            sc->tech[t].id);
            dx__compare_note(out, "assignment: %s", label);
        }
        dx__text_fmt(out->assignment, sizeof out->assignment, "%s", label);
        r->feasible = feasible;
        r->coverage_ratio = min_cov;
        snprintf(r->propagation_model, sizeof r->propagation_model, "per part");
        snprintf(r->bound_by, sizeof r->bound_by, "per part");
        snprintf(r->limiting_link, sizeof r->limiting_link, "-");
        r->cell_radius_m = r->mapl_dl_db = r->mapl_ul_db = NAN;
        r->edge_dl_mbps = r->edge_ul_mbps = r->capacity_dl_mbps = r->capacity_ul_mbps = NAN;
        r->shadow_sigma_db = r->shadow_margin_db = r->fc_hz = r->bw_hz = NAN;
        r->net_cost_p10_jpy = r->net_cost_p50_jpy = r->net_cost_p90_jpy = NAN;
        r->coverage_p10_ratio = r->coverage_p50_ratio = r->coverage_p90_ratio = NAN;
        r->p_cheapest_ratio = NAN;
        r->benefit_cost_p10_ratio = r->benefit_cost_p50_ratio = r->benefit_cost_p90_ratio = NAN;
        snprintf(r->verdict, sizeof r->verdict, "%s: %s", feasible ? "every part feasible"
                                                                   : "a part is not feasible",
                 label);
        st = dx__compare_settle(sc, out);
    }
    for (size_t p = 0; parts && p < n_parts; p++)
        dx__plan_out_dispose(&parts[p]);
    dx__free(parts);
    dx__free(po);
    dx__free(psc);
    return st;
}

static void label_of(const dx_scenario *sc, const dx__assign *a, char *buf, size_t cap)
{
    buf[0] = '\0';
    for (size_t i = 0; i < sc->n_demand; i++) {
        size_t len = strlen(buf);
        if (dx__text_fmt(buf + len, cap - len, "%s%s -> %s", i ? "; " : "", sc->demand[i].name,
                         sc->tech[a->tech_of_class[i]].id))
            break; /* cut visibly: the rest does not fit */
    }
}

static dx_status append(dx_results *R, const dx__tech_out *o)
{
    dx__tech_out *t = dx__realloc(R->t, (R->n + 1) * sizeof *t);
    if (!t)
        DX_FAIL(DX_ENOMEM, "out of memory adding a mixed design");
    R->t = t;
    R->t[R->n++] = *o;
    return DX_OK;
}

/* Sum of the single-technology parts' TCO of an assignment, from the base
 * plan's per-class designs (each part re-planned for its classes). */
static dx_status search(dx_results *R, dx__assign *best, int *found)
{
    const dx_scenario *sc = &R->sc;
    size_t nd = sc->n_demand, nt = sc->n_tech;
    int options[DX__SC_MAX_DEMAND][DX__SC_MAX_TECH];
    size_t n_opt[DX__SC_MAX_DEMAND] = {0};
    /* pairs that survive pruning: the technology is allowed and carries the class */
    for (size_t i = 0; i < nd; i++)
        for (size_t t = 0; t < nt; t++) {
            const dx__plan_out *p = dx__plan_out_at(R->plan, t);
            if (p && p->d.legal && (p->served_mask & (1u << i)))
                options[i][n_opt[i]++] = (int)t;
        }
    double combos = 1;
    for (size_t i = 0; i < nd; i++) {
        if (n_opt[i] == 0)
            return DX_OK; /* a class nobody carries: no mixed design either */
        combos *= (double)n_opt[i];
    }
    if (combos > DX__MIXED_MAX)
        for (size_t i = 0; i < nd; i++) {
            /* keep each class's cheapest technologies (single-technology TCO) */
            for (size_t a = 0; a < n_opt[i]; a++)
                for (size_t b = a + 1; b < n_opt[i]; b++) {
                    double ta = dx__plan_out_at(R->plan, (size_t)options[i][a])->d.tco_jpy;
                    double tb = dx__plan_out_at(R->plan, (size_t)options[i][b])->d.tco_jpy;
                    if (!(ta <= tb)) {
                        int tmp = options[i][a];
                        options[i][a] = options[i][b];
                        options[i][b] = tmp;
                    }
                }
            if (n_opt[i] > DX__MIXED_PER_CLASS)
                n_opt[i] = DX__MIXED_PER_CLASS;
        }
    /* per (technology, class set) part TCO, planned once */
    size_t idx[DX__SC_MAX_DEMAND] = {0};
    double best_tco = INFINITY;
    dx_scenario *psc = dx__malloc(sizeof *psc);
    dx__plan_out *part = dx__malloc(sizeof *part);
    if (!psc || !part) {
        dx__free(psc);
        dx__free(part);
        DX_FAIL(DX_ENOMEM, "out of memory searching mixed designs");
    }
    static const dx__price_scales unit = {1, 1, 1, 1, 1, NULL};
    dx_status st = DX_OK;
    for (;;) {
        dx__assign a;
        unsigned seen[DX__SC_MAX_TECH] = {0};
        size_t used = 0;
        for (size_t i = 0; i < nd; i++) {
            a.tech_of_class[i] = options[i][idx[i]];
            if (!seen[a.tech_of_class[i]]++)
                used++;
        }
        if (used >= 2) {
            unsigned cls[DX__SC_MAX_TECH] = {0};
            for (size_t i = 0; i < nd; i++)
                cls[a.tech_of_class[i]] |= 1u << i;
            double tco = 0;
            int ok = 1;
            for (size_t t = 0; t < nt && st == DX_OK && ok; t++) {
                if (!cls[t])
                    continue;
                part_scenario(sc, cls[t], NULL, 0, psc);
                dx__plan_cfg cfg;
                dx__compare_plan_cfg(psc, &unit, 0, &cfg);
                cfg.fidelity = DX_PLAN_FIDELITY_ANALYTIC; /* ranking; the winner is re-planned */
                dx__sc_tech choice = sc->tech[t];
                choice.bw_mhz = 0;
                st = dx__plan_one(psc, &choice, &cfg, part);
                if (st == DX_OK) {
                    ok = part->d.feasible && isfinite(part->d.tco_jpy);
                    tco += part->d.tco_jpy;
                    dx__plan_out_dispose(part);
                }
            }
            if (st != DX_OK)
                break;
            if (ok && tco < best_tco) {
                best_tco = tco;
                *best = a;
                *found = 1;
            }
        }
        size_t i = 0;
        while (i < nd && ++idx[i] == n_opt[i])
            idx[i++] = 0;
        if (i == nd)
            break;
    }
    dx__free(part);
    dx__free(psc);
    return st;
}

dx_status dx__compare_mixed(dx_results *R)
{
    const dx_scenario *sc = &R->sc;
    if (sc->n_demand < 2 || sc->n_tech < 2 || sc->n_demand > 16)
        return DX_OK;
    dx__tech_out *o = dx__malloc(sizeof *o);
    if (!o)
        DX_FAIL(DX_ENOMEM, "out of memory evaluating mixed designs");
    dx_status st = DX_OK;
    char label[DX__NOTE_LEN];
    for (size_t k = 0; k < sc->n_designs && st == DX_OK; k++) {
        dx__assign a;
        memcpy(a.tech_of_class, sc->design[k].tech_of_class, sizeof a.tech_of_class);
        char l2[DX__NOTE_LEN];
        label_of(sc, &a, l2, sizeof l2);
        dx__text_fmt(label, sizeof label, "%s (scenario design '%s')", l2, sc->design[k].name);
        char id[32];
        snprintf(id, sizeof id, "mixed-%zu", k + 1);
        st = evaluate(R, &a, id, label, o);
        /* a label too long for a name fell back to "mixed: <ids>" (the assignment is in
         * a note): name the row by the applicant's own design name instead, so it is
         * not confused with the searched mixed-best row of the same technologies */
        if (st == DX_OK && strncmp(o->res.name, "mixed:", 6) == 0)
            dx__text_fmt(o->res.name, sizeof o->res.name, "%s", sc->design[k].name);
        if (st == DX_OK)
            st = append(R, o);
    }
    if (st == DX_OK && sc->design_search) {
        dx__assign best;
        int found = 0;
        st = search(R, &best, &found);
        /* the cheapest feasible single-technology design, on the same criterion */
        double single = INFINITY;
        for (size_t i = 0; i < R->n; i++)
            if (!R->t[i].mixed && R->t[i].res.feasible && R->t[i].design.tco_jpy < single)
                single = R->t[i].design.tco_jpy;
        if (st == DX_OK && found) {
            label_of(sc, &best, label, sizeof label);
            st = evaluate(R, &best, "mixed-best", label, o);
            if (st == DX_OK && !(o->res.feasible && o->design.tco_jpy < single)) {
                /* a mixed design that does not beat every single technology is not reported */
            } else if (st == DX_OK) {
                for (size_t k = 0; k < sc->n_designs; k++)
                    if (memcmp(sc->design[k].tech_of_class, best.tech_of_class,
                               sc->n_demand * sizeof best.tech_of_class[0]) == 0) {
                        dx__compare_note(o, "the cheapest mixed assignment is the scenario's "
                                            "design '%s' (mixed-%zu)", sc->design[k].name, k + 1);
                        if (strncmp(o->res.name, "mixed:", 6) == 0) {
                            char ids[sizeof o->res.name];
                            memcpy(ids, o->res.name, sizeof ids); /* source and target differ */
                            dx__text_fmt(o->res.name, sizeof o->res.name, "%s (= mixed-%zu)", ids,
                                         k + 1);
                        }
                        break;
                    }
                dx__compare_note(o,
                             "mixed design: the assignment with the lowest %g-year total cost of "
                             "ownership among those using two or more technologies, each class "
                             "on a technology that carries it (search over the scenario's "
                             "candidates)",
                             sc->planning_life_years);
                st = append(R, o);
            }
        }
    }
    dx__free(o);
    return st;
}
