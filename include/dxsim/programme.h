/**
 * @file dxsim/programme.h
 * Stage 7 of the pipeline: the MIC programme rules engine
 * (地域社会DX推進パッケージ事業, docs/domain-japan.md §6).
 *
 * The rules are versioned data, one file per fiscal year
 * (libdxsim/data/programme-r7.txt for R7 = FY2025), embedded in the library.
 * Each menu of the programme is one section of that file. A menu id is
 * "r<fiscal year>-<menu>": "r7-1-1", "r7-1-2", "r7-1-3" (① talent/structure
 * support), "r7-2-1", "r7-2-2", "r7-2-3" (② demonstrations, fixed-amount
 * contracts) and "r7-3" (③ infrastructure subsidy).
 *
 * dx_programme_evaluate applies one menu's rules to a cost plan item by item:
 * every item comes out eligible or not, with the id of the rule that decided,
 * the reason, and the confidence class and source of that rule. Project-level
 * checks (applicant type, consortium, caps, the network + solution
 * combination of ③) are reported separately; a failed project-level check
 * sets the subsidy to 0 but leaves the item verdicts in place, so the caller
 * still sees what would be eligible once the project is fixed.
 *
 * Money: every amount is in JPY and TAX-INCLUDED (consumption tax 10 %,
 * domain-japan §5, FIRM): an item priced tax-excluded is multiplied by 1.10
 * before any comparison or sum. The 100,000 JPY purchase threshold of ②-1 is
 * itself stated tax-included (税込10万円未満) and is compared with the
 * tax-included unit price. Amounts are not rounded.
 *
 * The R7 rules come from the MIC Kanto bureau briefing of March 2025; they
 * change every year, and every result carries the warning to verify them
 * against the call guidelines (公募要領 / 実施要領) of the year in question.
 */
#ifndef DXSIM_PROGRAMME_H
#define DXSIM_PROGRAMME_H

#include <stddef.h>
#include "dxsim/common.h"
#include "dxsim/technology.h"
#include "dxsim/cost.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Who applies (実施主体 / 申請者). */
typedef enum {
    DX_APPLICANT_MUNICIPALITY = 0,           /**< 市区町村 (local government) */
    DX_APPLICANT_PREFECTURE = 1,             /**< 都道府県 (local government) */
    DX_APPLICANT_COMPANY = 2,                /**< 企業 */
    DX_APPLICANT_NONPROFIT = 3,              /**< 非営利法人 (NPO etc.) */
    DX_APPLICANT_GOV_FUNDED_CORPORATION = 4  /**< 地方公共団体が出資する法人 */
} dx_applicant_type;

/** "municipality", "prefecture", "company", "nonprofit", "gov-funded-corporation";
 *  "unknown" out of range. Never NULL. */
DX_API const char *dx_applicant_type_name(dx_applicant_type t);

/**
 * Applicant type from its name (as dx_applicant_type_name spells it).
 * @return DX_OK; DX_EINVAL for NULL; DX_ENOTFOUND naming the allowed names.
 */
DX_API dx_status dx_applicant_type_from_name(const char *name, dx_applicant_type *out);

/** The applicant and its partners. Fill with dx_programme_applicant_init first. */
typedef struct {
    dx_applicant_type type;
    /** local governments in the consortium, the applicant itself included when it is one */
    int consortium_local_governments;
    /** 財政力指数 of the applicant's local government; NaN = unknown (default) */
    double fiscal_strength_index;
    /** 1 when the applicant (region) was selected for this menu before */
    int previously_selected;
    /** municipalities partnering the applicant (①-2: 連携する市区町村) */
    int partner_municipalities;
    /** partner municipalities of the previous selected application (①-2), 0 = unknown */
    int previous_partner_municipalities;
    /** ①-3 adviser dispatch requested: on-site visits per year */
    int advisor_onsite_visits_per_year;
    /** ①-3 adviser dispatch requested: hours of online-only support per year */
    double advisor_online_hours_per_year;
    /** members of the consortium, the applicant included; 0 = unknown (then
     *  counted as the local governments plus a non-government applicant) */
    int consortium_members;
} dx_applicant;

/**
 * Set an applicant to the defaults: a municipality, no consortium, fiscal
 * strength index unknown (NaN), not previously selected, no partners, no
 * adviser requests.
 * @return DX_OK; DX_EINVAL if a is NULL.
 */
DX_API dx_status dx_programme_applicant_init(dx_applicant *a);

/** sizeof(dx_applicant), so bindings can check their layout. */
DX_API size_t dx_programme_applicant_size(void);

/** sizeof(dx_cost_item) as compiled into the library (binding layout check). */
DX_API size_t dx_programme_cost_item_size(void);

/** Opaque result of one evaluation. Free with dx_programme_result_free. */
typedef struct dx_programme_result dx_programme_result;

/** Verdict on one cost item. Strings are borrowed from the result. */
typedef struct {
    int eligible;          /**< 1 when eligible_jpy > 0 */
    double cost_jpy;       /**< the item's total cost, tax-included */
    double eligible_jpy;   /**< eligible part of cost_jpy, tax-included (0..cost_jpy) */
    const char *rule;      /**< id of the deciding rule, e.g. "r7-2-1/purchase_limit_jpy_incl_tax" */
    const char *reason;    /**< one sentence, English, with the figures compared */
    dx_value_class value_class; /**< class of the deciding rule */
    const char *source;    /**< where the rule is stated */
} dx_programme_item_verdict;

/** A project-level check (applicant, consortium, caps, design). Strings borrowed. */
typedef struct {
    int passed;            /**< 0 = the project is not eligible / is capped */
    int blocking;          /**< 1 when failing it sets the subsidy to 0; 0 = warning or cap */
    const char *rule;
    const char *reason;
    dx_value_class value_class;
    const char *source;
} dx_programme_check;

/** Totals of one evaluation (JPY, tax-included). */
typedef struct {
    double total_cost_jpy;        /**< sum of all item costs */
    double eligible_total_jpy;    /**< sum of eligible parts */
    double ineligible_total_jpy;  /**< total_cost_jpy - eligible_total_jpy */
    double funding_ratio;         /**< share of eligible cost paid: 1 for 定額, 0.5 for ③ */
    double cap_jpy;               /**< cap applied to the subsidy, 0 = none */
    double subsidy_jpy;           /**< min(eligible * ratio, cap), 0 if a blocking check failed */
    double applicant_burden_jpy;  /**< total_cost_jpy - subsidy_jpy */
    int project_eligible;         /**< 0 when a blocking project-level check failed */
} dx_programme_totals;

/**
 * Apply one menu's rules to a cost plan.
 * @param menu       menu id, e.g. "r7-2-1" (see the file comment); not NULL
 * @param n_items    number of items (0 is allowed: only project checks run)
 * @param items      n_items records (dx_cost_item of cost.h); may be NULL if n_items == 0.
 *                   Needs unit_price_jpy >= 0, quantity >= 0, and months > 0 for
 *                   monthly items (lease/subscription procurement or
 *                   lease/subscription/cloud category); unit_price_jpy of those is MONTHLY.
 *                   A service procurement with months > 0 is monthly too (a
 *                   recurring fee of the bill of materials); with months = 0 it is
 *                   one-off (labour). Note: dx_cost_cash_flows_jpy reads months = 0 of
 *                   a service as "the whole horizon"; give months explicitly.
 * @param applicant  the applicant; not NULL
 * @param out        receives the result (caller frees with dx_programme_result_free);
 *                   NULL on failure
 * @return DX_OK; DX_EINVAL for NULL arguments or enum values out of range;
 *         DX_EDOMAIN for a negative price/quantity or a monthly item without months
 *         (the message names items[i] and the field); DX_ENOTFOUND for an unknown
 *         menu or fiscal year; DX_EPARSE if the embedded rule file is malformed;
 *         DX_ENOMEM.
 * Thread safety: reentrant (the rule file is parsed per call, no global state).
 */
DX_API dx_status dx_programme_evaluate(const char *menu, size_t n_items, const dx_cost_item *items,
                                       const dx_applicant *applicant, dx_programme_result **out);

/** Free a result. NULL is a no-op. */
DX_API void dx_programme_result_free(dx_programme_result *r);

/** Menu id the result was evaluated for (borrowed from r). */
DX_API const char *dx_programme_result_menu(const dx_programme_result *r);

/** Menu title, e.g. "②-1 先進無線システム活用タイプ ..." (borrowed from r). */
DX_API const char *dx_programme_result_title(const dx_programme_result *r);

/** Number of item verdicts (= n_items of the call). 0 for NULL. */
DX_API size_t dx_programme_result_item_count(const dx_programme_result *r);

/**
 * Verdict on item i. Strings stay valid until r is freed.
 * @return DX_OK; DX_EINVAL for NULL or i out of range.
 */
DX_API dx_status dx_programme_result_item(const dx_programme_result *r, size_t i,
                                          dx_programme_item_verdict *out);

/** Totals. @return DX_OK; DX_EINVAL for NULL. */
DX_API dx_status dx_programme_result_totals(const dx_programme_result *r, dx_programme_totals *out);

/** Number of project-level checks that ran. 0 for NULL. */
DX_API size_t dx_programme_result_check_count(const dx_programme_result *r);

/** Project-level check i. @return DX_OK; DX_EINVAL for NULL or i out of range. */
DX_API dx_status dx_programme_result_check(const dx_programme_result *r, size_t i,
                                           dx_programme_check *out);

/** Number of warnings (always >= 1: the "verify against the call guidelines" note). */
DX_API size_t dx_programme_result_warning_count(const dx_programme_result *r);

/** Warning i (borrowed from r), or NULL when i is out of range. */
DX_API const char *dx_programme_result_warning(const dx_programme_result *r, size_t i);

/**
 * One numeric parameter of a menu's rule set, e.g. ("r7-3", "funding_ratio") -> 0.5.
 * @param out_class  may be NULL
 * @return DX_OK; DX_ENOTFOUND for an unknown menu or key; DX_EINVAL for NULL.
 */
DX_API dx_status dx_programme_param(const char *menu, const char *key, double *out_value,
                                    dx_value_class *out_class);

/* ---- cost plan as CSV (the table `dxsim programme` reads) ------------------- */

/** Largest number of columns of a cost-item CSV table. */
#define DX_PROGRAMME_CSV_MAX_COLUMNS 16

/**
 * Parse a cost plan written as CSV into items for dx_programme_evaluate.
 * Lines starting with '#' and blank lines are skipped; the first other line
 * names the columns, in any order, each at most once: name, category,
 * procurement, role, unit_price_jpy, tax_included, quantity, useful_life_years,
 * leasable, months, booked_in_first_year, in_period, justification. Cells are
 * separated by ',' (no quoting: a cell must not contain ','); an empty cell
 * keeps the default (quantity 1, leasable 1, in_period 1, role other, name
 * "item <n>", everything else 0). A category sets the matching procurement
 * (lease, subscription/cloud, service) unless a procurement column says otherwise.
 * Flags take 1/0, true/false, yes/no.
 * @param text       the CSV text (need not end with NUL); not NULL unless len = 0
 * @param len        its length in bytes
 * @param name       file name for messages, or NULL ("(memory)")
 * @param cap        capacity of out_items in items
 * @param out_items  receives min(cap, n) items; may be NULL when cap = 0
 * @param out_n      receives n, the number of items in the text; not NULL
 * @return DX_OK; DX_EBUFSIZE when n > cap (*out_n says how many are needed);
 *         DX_EPARSE for a malformed table (the message names file, line, column
 *         and value: "items.csv:4: column quantity = 'two' is not a number");
 *         DX_EINVAL for NULL arguments; DX_ENOMEM.
 * Thread safety: reentrant.
 */
DX_API dx_status dx_programme_items_parse_csv(const char *text, size_t len, const char *name,
                                              size_t cap, dx_cost_item *out_items, size_t *out_n);

#ifdef __cplusplus
}
#endif
#endif /* DXSIM_PROGRAMME_H */
