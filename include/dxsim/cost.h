/**
 * @file dxsim/cost.h
 * Stage 6 of the pipeline: bill of materials, price book, procurement and
 * cash flows. (Being extended: see issue 6.)
 */
#ifndef DXSIM_COST_H
#define DXSIM_COST_H

#include <stddef.h>
#include "dxsim/common.h"
#include "dxsim/technology.h"

#ifdef __cplusplus
extern "C" {
#endif

/** What a cost item is (the MIC programme rules decide eligibility by it). */
typedef enum {
    DX_COST_CAT_EQUIPMENT = 0,
    DX_COST_CAT_SOFTWARE = 1,
    DX_COST_CAT_LEASE = 2,
    DX_COST_CAT_SUBSCRIPTION = 3,
    DX_COST_CAT_CLOUD = 4,
    DX_COST_CAT_LABOUR = 5,
    DX_COST_CAT_COMMUNICATIONS = 6,
    DX_COST_CAT_UTILITIES = 7,
    DX_COST_CAT_TRAVEL = 8,
    DX_COST_CAT_CONSTRUCTION = 9,
    DX_COST_CAT_LICENCE_APPLICATION_FEE = 10,
    DX_COST_CAT_RADIO_USAGE_FEE = 11,
    DX_COST_CAT_OTHER = 12
} dx_cost_category;

/** How an item is procured. */
typedef enum {
    DX_PROCURE_PURCHASE = 0,
    DX_PROCURE_LEASE = 1,
    DX_PROCURE_SUBSCRIPTION = 2,
    DX_PROCURE_SERVICE = 3
} dx_procurement;

/** Role of an item in the system (MIC ③ needs network + solution together). */
typedef enum {
    DX_COST_ROLE_NETWORK = 0,
    DX_COST_ROLE_SOLUTION = 1,
    DX_COST_ROLE_OTHER = 2
} dx_cost_role;

/**
 * Name of a cost category, as used by scenario files, the CLI, reports and the
 * Python binding: "equipment", "software", "lease", "subscription", "cloud",
 * "labour", "communications", "utilities", "travel", "construction",
 * "licence-application-fee", "radio-usage-fee", "other".
 * @return a static string; "unknown" for a value outside the enum. Never NULL.
 */
DX_API const char *dx_cost_category_name(dx_cost_category c);
/** 1 for the categories that are fees of the state and bear no consumption tax
 *  (不課税): licence-application-fee, radio-usage-fee; the default of
 *  dx_cost_item.not_taxable in the scenario and CSV readers. 0 otherwise. */
DX_API int dx_cost_category_not_taxable(dx_cost_category c);

/** Name of a procurement mode: "purchase", "lease", "subscription", "service".
 *  @return a static string; "unknown" for a value outside the enum. Never NULL. */
DX_API const char *dx_procurement_name(dx_procurement p);

/** Name of a cost role: "network", "solution", "other".
 *  @return a static string; "unknown" for a value outside the enum. Never NULL. */
DX_API const char *dx_cost_role_name(dx_cost_role r);

/**
 * Cost category of a name (the inverse of dx_cost_category_name; exact,
 * case-sensitive match).
 * @param name  the name, not NULL
 * @param out   receives the category, not NULL (unchanged on failure)
 * @return DX_OK; DX_EINVAL for NULL arguments; DX_ENOTFOUND for an unknown name
 *         (the message lists the allowed names).
 */
DX_API dx_status dx_cost_category_from_name(const char *name, dx_cost_category *out);

/** Procurement mode of a name (inverse of dx_procurement_name).
 *  @return as dx_cost_category_from_name. */
DX_API dx_status dx_procurement_from_name(const char *name, dx_procurement *out);

/** Cost role of a name (inverse of dx_cost_role_name).
 *  @return as dx_cost_category_from_name. */
DX_API dx_status dx_cost_role_from_name(const char *name, dx_cost_role *out);

#define DX_COST_NAME_MAX DX_NAME_MAX /**< bytes of an item name, NUL included (longer: refused) */
#define DX_COST_KEY_MAX 48
#define DX_COST_TEXT_MAX 512 /**< bytes of a justification / source (longer: refused) */

/** One line of a bill of materials / cost plan. */
typedef struct {
    char name[DX_COST_NAME_MAX];        /**< human-readable item name */
    char price_key[DX_COST_KEY_MAX];    /**< price-book key it was priced from ("" if given) */
    dx_cost_category category;
    dx_procurement procurement;
    dx_cost_role role;
    double unit_price_jpy;   /**< one-off price; MONTHLY price for lease/subscription/cloud */
    int tax_included;        /**< 1 when unit_price_jpy includes the 10 % consumption tax */
    double quantity;
    double useful_life_years; /**< statutory useful life (耐用年数) */
    int leasable;             /**< 0 when the item cannot be leased (needs a justification) */
    double months;            /**< months charged (monthly items) */
    int booked_in_first_year; /**< multi-year fees booked (paid) in year one */
    int in_period;            /**< cost arises inside the demonstration period */
    char justification[DX_COST_TEXT_MAX]; /**< why it cannot be leased, etc. */
    dx_value_class value_class; /**< class of the price */
    char source[DX_COST_TEXT_MAX]; /**< where the price comes from */
    /** 1 when the item bears no consumption tax (不課税: fees and charges of the
     *  state, e.g. 免許申請手数料, 電波利用料): its tax-included and tax-excluded
     *  amounts are the same whatever tax_included says. 0 (default) = taxable. */
    int not_taxable;
} dx_cost_item;

/* ---- price book ------------------------------------------------------------ */

/** A price book: keyed prices with a class and a source (opaque handle). */
typedef struct dx_price_book dx_price_book;

/** One price of a price book (strings borrowed from the book; valid until it is freed or changed). */
typedef struct {
    const char *key;     /**< e.g. "l5g.core.cloud" */
    const char *name;    /**< human-readable item name */
    const char *unit;    /**< "jpy", "jpy_per_month", "jpy_per_year", "ratio_per_year", "w", "jpy_per_kwh", "years" */
    double low;          /**< Monte Carlo low (triangular), same unit as value */
    double value;        /**< the default value */
    double high;         /**< Monte Carlo high */
    dx_value_class value_class; /**< INDICATIVE (with source) or ASSUMED, FIRM for rules */
    const char *source;  /**< where the price comes from */
    int tax_included;    /**< 1 when the value includes the 10 % consumption tax (or is not taxable) */
    int not_taxable;     /**< 1 when the book says "none": not subject to consumption tax (不課税) */
} dx_price_entry;

/** Copy of the built-in price book (libdxsim/data/pricebook.txt, domain-japan.md §9, §1.4, §4.4, §5).
 *  @param out receives a new book; free with dx_price_book_free. @return DX_OK; DX_ENOMEM; DX_EPARSE. */
DX_API dx_status dx_price_book_builtin(dx_price_book **out);

/**
 * Load a price book file in the format of libdxsim/data/pricebook.txt
 * ("key = low, default, high | unit | CLASS | tax | name | source").
 * Keys missing from the file are taken from the built-in book.
 * @return DX_OK; DX_EIO; DX_EPARSE (message names the line); DX_ENOMEM.
 */
DX_API dx_status dx_price_book_load(const char *path, dx_price_book **out);

/** Parse a price book from text (same format and fallback as dx_price_book_load). */
DX_API dx_status dx_price_book_parse(const char *text, size_t len, dx_price_book **out);

/** Free a price book. NULL is a no-op. */
DX_API void dx_price_book_free(dx_price_book *book);

/**
 * Override one price (scenario value, e.g. a quotation): sets value (and
 * low = high = value), class INDICATIVE and source "scenario override".
 * @return DX_OK; DX_ENOTFOUND for an unknown key; DX_EDOMAIN for a negative or non-finite price.
 */
DX_API dx_status dx_price_book_override(dx_price_book *book, const char *key, double value);

/**
 * Override one price with an explicit class and source (source copied; NULL = "scenario override").
 * @return as dx_price_book_override.
 */
DX_API dx_status dx_price_book_override_ex(dx_price_book *book, const char *key, double value,
                                           dx_value_class value_class, const char *source);

/** Number of entries of a book (NULL = built-in). */
DX_API size_t dx_price_book_count(const dx_price_book *book);

/** Entry i of a book (NULL = built-in). @return DX_OK; DX_EINVAL for i out of range. */
DX_API dx_status dx_price_book_entry(const dx_price_book *book, size_t i, dx_price_entry *out);

/** Look an entry up by key (NULL book = built-in). @return DX_OK; DX_ENOTFOUND. */
DX_API dx_status dx_price_book_find(const dx_price_book *book, const char *key, dx_price_entry *out);

/* ---- design -> bill of materials -------------------------------------------- */

/** The part of a network design the bill of materials is derived from. */
typedef struct {
    unsigned int version;    /**< DX_COST_DESIGN_VERSION */
    int n_sites;             /**< radio sites (outdoor: poles/rooftops; indoor: rooms), >= 0 */
    int sectors_per_site;    /**< sectors per site (informational when n_radios is given) */
    int n_radios;            /**< radio units (BS sectors / APs / gateways) in total;
                                  0 = n_sites * max(1, sectors_per_site) */
    int n_devices;           /**< terminals with a radio (SIM / CPE / station / node / module) */
    int n_solution_devices;  /**< cameras, sensors... bought as the solution part (0 ok) */
    int outdoor;             /**< 1: outdoor sites (pole/civil works, backhaul, outdoor install) */
    int core_on_premises;    /**< Local 5G: 1 on-premises 5GC, 0 5GC as a cloud service */
    double horizon_years;    /**< default 5 (MIC 5-year cloud horizon, domain-japan §5 note) */
    double area_km2;         /**< area covered (for cost per km²), >= 0 */
    double delivered_bps;    /**< total throughput delivered (for cost per Mbps), >= 0 */
    int n_edge_servers;      /**< edge AI servers of the solution (0 ok) */
    double lease_term_years; /**< lease term for DX_PROCURE_LEASE; 0 = horizon clamped to 3..7 y */
    int include_spares;      /**< 1 (default): spare radios, spare_ratio of the price book */
    /* version 2: what existing sites already have, and terminals by kind */
    int n_sites_with_pole;     /**< outdoor sites on an existing pole/rooftop/street light:
                                    no pole and civil works bought (<= n_sites) */
    int n_sites_with_power;    /**< sites with a power supply: no power connection bought */
    int n_sites_with_backhaul; /**< sites with backhaul: no fibre line rented */
    int terminals_by_kind;     /**< 1: n_modules / n_cpes below price the terminals
                                    (n_devices stays the count of radio stations);
                                    0 (default): one terminal of the family per device */
    int n_modules;             /**< embedded radio modules (5G/LoRa/HaLow module in the device) */
    int n_cpes;                /**< CPEs / routers / bridges (one may serve several devices) */
    /* version 3: short-term rental instead of a lease */
    int rental_months;         /**< 0 (default): DX_PROCURE_LEASE leases the leasable equipment
                                    for the lease term (36 months at least); > 0: it is rented
                                    short-term for this many months instead (a demonstration
                                    shorter than a lease), see dx_cost_hire_terms */
} dx_cost_design;
#define DX_COST_DESIGN_VERSION 3

/** Fill *d with defaults (everything 0 except horizon_years = 5, include_spares = 1).
 *  An outdoor site gets a pole and civil works, a power connection and a fibre
 *  line unless the version-2 counts say it already has them.
 *  @return DX_OK; DX_EINVAL for NULL or a version newer than the library. */
DX_API dx_status dx_cost_design_init(dx_cost_design *d, unsigned int version);

/** sizeof(dx_cost_design) of the library, for bindings. */
DX_API size_t dx_cost_design_size(void);

/**
 * Derive the bill of materials of technology tech for a design.
 * mode: DX_PROCURE_PURCHASE buys all equipment (plus maintenance at the book's
 * maintenance ratio); DX_PROCURE_LEASE leases the leasable equipment at the
 * monthly lease-rate factor of the term (domain-japan §5); DX_PROCURE_SUBSCRIPTION
 * takes equipment as a service where the book has a "<key>.monthly" price,
 * otherwise leases it. A subscription-only technology (carrier LTE-M) has no
 * radios: device modules plus per-device connectivity only.
 * Unit prices are tax-EXCLUDED (tax_included = 0) unless the book says otherwise;
 * lease/subscription/cloud/service items carry a MONTHLY price and months
 * (recurring items run for design->horizon_years: use the same horizon in
 * dx_cost_options). Every item carries the class and source of its price.
 * Thread safety: reentrant; the built-in book is parsed once (thread-safe).
 * @param tech    technology (family and subscription_only are used)
 * @param design  the design
 * @param mode    DX_PROCURE_PURCHASE, _LEASE or _SUBSCRIPTION
 * @param book    price book, NULL = built-in
 * @param cap     capacity of out_items
 * @param out_items  receives up to cap items (may be NULL when cap == 0)
 * @param out_n   receives the number of items needed
 * @return DX_OK; DX_EBUFSIZE when cap < *out_n; DX_EINVAL; DX_EDOMAIN (design values); DX_ENOTFOUND (missing price key).
 */
DX_API dx_status dx_cost_bom(const dx_technology *tech, const dx_cost_design *design,
                             dx_procurement mode, const dx_price_book *book, size_t cap,
                             dx_cost_item *out_items, size_t *out_n);

/* ---- cash flows ---------------------------------------------------------------- */

/** Options of the cash-flow and summary functions. */
typedef struct {
    unsigned int version;        /**< DX_COST_OPTIONS_VERSION */
    double horizon_years;        /**< default 5 (domain-japan §5 modelling note) */
    double discount_rate_ratio;  /**< default 0.04, social discount rate (domain-japan §5, MLIT) */
    double tax_rate_ratio;       /**< default 0.10 consumption tax (domain-japan §5, FIRM) */
    int output_tax_included;     /**< default 1: cash flows include consumption tax */
    int start_year;              /**< calendar year of the first month; 0 = no date (years count from month 0) */
    int start_month;             /**< 1..12; with start_year, years are Japanese fiscal years (April-March) */
    int replace_at_end_of_life;  /**< default 1: purchased items are bought again when their useful life ends */
    int release_after_term;     /**< default 1: after a lease ends, re-lease at one monthly fee per year
                                      (domain-japan §5, INDICATIVE) */
    int credit_residual_value;   /**< default 0; 1: book value (straight line over the useful life) of
                                      purchases at the horizon is credited in the last year */
} dx_cost_options;
#define DX_COST_OPTIONS_VERSION 1

/** Fill *o with the defaults above. @return DX_OK; DX_EINVAL for NULL or a newer version. */
DX_API dx_status dx_cost_options_init(dx_cost_options *o, unsigned int version);

/** sizeof(dx_cost_options) of the library, for bindings. */
DX_API size_t dx_cost_options_size(void);

/** Number of yearly columns dx_cost_cash_flows_jpy needs for opts (NULL = defaults):
 *  ceil(horizon) years, plus one when a start date makes the first fiscal year partial. */
DX_API size_t dx_cost_n_years(const dx_cost_options *opts);

/**
 * Yearly costs of a list of items, as POSITIVE JPY (money spent), year 0 =
 * the first year (fiscal year of the start month when a start date is set).
 * Purchases (one-off unit_price_jpy x quantity) fall at the start of the
 * first year (again after each useful life when replace_at_end_of_life);
 * LEASE / SUBSCRIPTION / SERVICE items and items of category CLOUD charge
 * unit_price_jpy (monthly) x quantity for `months` months (0 = the whole
 * horizon) from the first month, or all in year 0 when booked_in_first_year
 * (prepaid). Months beyond the horizon are not charged.
 * @param n_items   number of items (0 ok: all zeros)
 * @param items     the items
 * @param opts      options, NULL = defaults
 * @param n_years   columns written (dx_cost_n_years(opts) covers the horizon; amounts falling
 *                  after column n_years - 1 are dropped, columns after the horizon are 0)
 * @param out_cost_per_year_jpy  n_years values
 * @return DX_OK; DX_EINVAL; DX_EDOMAIN naming the item index and field.
 */
DX_API dx_status dx_cost_cash_flows_jpy(size_t n_items, const dx_cost_item *items,
                                        const dx_cost_options *opts, size_t n_years,
                                        double *out_cost_per_year_jpy);

/** Summary of a cost plan (all JPY tax as opts says). */
typedef struct {
    double total_jpy;             /**< undiscounted sum over the horizon */
    double npv_cost_jpy;          /**< present value of the costs (positive) at opts->discount_rate_ratio */
    double eac_jpy_per_year;      /**< equivalent annual cost over the horizon */
    double capex_jpy;             /**< one-off purchases, construction, labour in year 0 */
    double opex_jpy_per_year;     /**< mean yearly recurring cost (total - capex) / horizon */
    double cost_per_km2_jpy;      /**< npv_cost / area (NaN when area is 0) */
    double cost_per_device_jpy;   /**< npv_cost / devices served (NaN when 0) */
    double cost_per_mbps_jpy;     /**< npv_cost / delivered Mbps (NaN when 0) */
} dx_cost_summary;

/**
 * Summarise items over the horizon. design may be NULL (per-unit metrics NaN).
 * @return DX_OK; errors as dx_cost_cash_flows_jpy.
 */
DX_API dx_status dx_cost_summarise(size_t n_items, const dx_cost_item *items,
                                   const dx_cost_design *design, const dx_cost_options *opts,
                                   dx_cost_summary *out);

/**
 * Yearly depreciation expense (accounting view, not cash) of the purchased
 * items (procurement PURCHASE, category not CLOUD, useful_life_years >= 1),
 * each written off from the year it is bought (again at each replacement when
 * opts->replace_at_end_of_life) with the given method over its useful life
 * (rounded to whole years; the 200 % method needs 2..20 years and falls back to
 * the Japanese straight line outside that range). Amounts follow
 * opts->output_tax_included (税抜経理 books use tax-excluded amounts: set it to 0).
 * Items bought in a year are depreciated for that whole year (no monthly pro rata).
 * @param n_items, items  the cost items
 * @param method          a dx_depreciation_method (finance.h)
 * @param opts            options, NULL = defaults
 * @param n_years         columns of out
 * @param out_depreciation_jpy  n_years values
 * @return DX_OK; DX_EINVAL; DX_EDOMAIN naming the item.
 */
DX_API dx_status dx_cost_depreciation_jpy(size_t n_items, const dx_cost_item *items, int method,
                                          const dx_cost_options *opts, size_t n_years,
                                          double *out_depreciation_jpy);

/**
 * Monthly lease-rate factor (月額リース料率) for a lease term of 3..7 years,
 * linear between the whole-year values of domain-japan §5 (INDICATIVE,
 * paperzz.com/doc/6138364): 3 y 2.944 %, 4 y 2.223 %, 5 y 1.789 %, 6 y 1.497 %, 7 y 1.288 %.
 * @return DX_OK; DX_EDOMAIN for a term outside 3..7 years.
 */
DX_API dx_status dx_cost_lease_rate_factor_ratio(double term_years, double *out_ratio_per_month);

/**
 * Short-term rental term rate (期間レンタル料率): the monthly rental for a
 * contract of `months` months as a share of the 1-month (base) rental, by one
 * rental company's published table (INDICATIVE, sooki.co.jp/irental/howtorental/price):
 * 1 month 100 %, 2: 90, 3: 80, 4: 75, 5: 70, 6: 65, 7: 63, 8: 61, 9: 59, 10: 57,
 * 11: 55, 12: 53 %; longer contracts keep the 12-month rate (ASSUMED: the table
 * stops at 12 months; a need of 36 months or more is a lease).
 * @return DX_OK; DX_EDOMAIN for months outside 1..1200.
 */
DX_API dx_status dx_cost_rental_term_rate_ratio(int months, double *out_ratio);

/**
 * How the leasable equipment of a design is hired under DX_PROCURE_LEASE: the
 * monthly price as a share of the purchase price, and the months it is paid.
 * The one place that decides lease against short-term rental (used by
 * dx_cost_bom and by the scenario's solution devices):
 * - design->rental_months == 0: a lease of design->lease_term_years (0 = the
 *   horizon clamped to 3..7 y), factor = dx_cost_lease_rate_factor_ratio;
 * - design->rental_months > 0: a rental of that many months, factor =
 *   rental.monthly_ratio of the book (the 1-month rental as a share of the
 *   price, ASSUMED; a scenario may quote it per technology) x the term rate
 *   (dx_cost_rental_term_rate_ratio). A rental includes the upkeep, so rented
 *   equipment carries no maintenance line (ASSUMED: usual rental terms).
 * @param out_factor_per_month  monthly price / purchase price
 * @param out_months            months paid
 * @param out_rental            1 for a rental, 0 for a lease (may be NULL)
 * @return DX_OK; DX_EINVAL; DX_EDOMAIN for a design out of range; DX_ENOTFOUND.
 */
DX_API dx_status dx_cost_hire_terms(const dx_cost_design *design, const dx_price_book *book,
                                    double *out_factor_per_month, double *out_months,
                                    int *out_rental);

/**
 * Interest-based lease payment (the alternative to the lease-rate factor):
 * the monthly payment that repays price_jpy over term_years at
 * annual_rate_ratio / 12 per month, leaving residual_ratio x price_jpy at the
 * end (spreadsheet PMT, returned as a POSITIVE amount).
 * @param price_jpy          equipment price, > 0
 * @param term_years         lease term, > 0
 * @param annual_rate_ratio  lessor's annual interest rate (> -1; 0 allowed)
 * @param residual_ratio     residual value share of the price, 0 <= r < 1
 * @param when_begin         1 = payments in advance (usual for leases), 0 = in arrears
 * @param out_jpy_per_month  receives the monthly payment
 * @return DX_OK; DX_EINVAL; DX_EDOMAIN naming the argument.
 */
DX_API dx_status dx_cost_lease_payment_jpy(double price_jpy, double term_years,
                                           double annual_rate_ratio, double residual_ratio,
                                           int when_begin, double *out_jpy_per_month);

/**
 * Lease versus purchase in total: the present value of the costs of the whole
 * bill of materials of tech under each procurement mode (purchase, lease,
 * subscription), over opts' horizon.
 * @param tech, design, book  as dx_cost_bom (book NULL = built-in)
 * @param opts                cash-flow options, NULL = defaults
 * @param out_pv_jpy          receives 3 PVs, indexed by DX_PROCURE_PURCHASE,
 *                            DX_PROCURE_LEASE, DX_PROCURE_SUBSCRIPTION
 * @return DX_OK; DX_ENOMEM; errors of dx_cost_bom and dx_cost_summarise.
 */
DX_API dx_status dx_cost_compare_procurement_jpy(const dx_technology *tech,
                                                 const dx_cost_design *design,
                                                 const dx_price_book *book,
                                                 const dx_cost_options *opts,
                                                 double out_pv_jpy[3]);

/**
 * Lease versus purchase of one purchased item over opts' horizon: present
 * values of buying it and of leasing it for term_years at the lease-rate
 * factor (re-lease after the term per opts). Maintenance
 * (maintenance_ratio_per_year of the price, every year) is added to BOTH:
 * a Japanese finance lease covers interest, insurance and property tax,
 * not maintenance (domain-japan §5).
 * @return DX_OK; DX_EINVAL; DX_EDOMAIN.
 */
DX_API dx_status dx_cost_lease_vs_purchase_jpy(const dx_cost_item *purchase_item,
                                               double maintenance_ratio_per_year,
                                               double term_years, const dx_cost_options *opts,
                                               double *out_pv_purchase_jpy,
                                               double *out_pv_lease_jpy);

/**
 * Monte Carlo kernel: present value of the costs of n_draws variants of the
 * same item list. Item i's unit price is multiplied, in draw d, by
 * input_scale[d * n_inputs + input_of_item[i]] (input_of_item[i] < 0: fixed
 * price), and draw d is discounted at rate_ratio[d] (NULL = opts).
 * The cash flows are linear in the unit prices, so the kernel computes each
 * input's yearly cost profile once (with dx_cost_cash_flows_jpy) and then
 * evaluates each draw as n_inputs x n_years multiply-adds plus the NPV.
 * No allocation: n_inputs <= 32 and dx_cost_n_years(opts) <= 64.
 * @param n_items        number of items
 * @param items          the items
 * @param opts           options, NULL = defaults
 * @param input_of_item  n_items indices in [-1, n_inputs)
 * @param n_inputs       number of uncertain inputs (0..32)
 * @param n_draws        number of draws
 * @param input_scale    n_draws x n_inputs multipliers, row-major (may be NULL when n_inputs == 0)
 * @param rate_ratio     n_draws discount rates (> -1), or NULL
 * @param out_npv_cost_jpy  n_draws present values of the costs (positive)
 * @return DX_OK; DX_EINVAL; DX_EDOMAIN naming the item, draw or rate.
 */
DX_API dx_status dx_cost_npv_draws_jpy(size_t n_items, const dx_cost_item *items,
                                       const dx_cost_options *opts, const int *input_of_item,
                                       size_t n_inputs, size_t n_draws, const double *input_scale,
                                       const double *rate_ratio, double *out_npv_cost_jpy);

#ifdef __cplusplus
}
#endif
#endif /* DXSIM_COST_H */
