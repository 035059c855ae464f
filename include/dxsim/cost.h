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

#define DX_COST_NAME_MAX 96
#define DX_COST_KEY_MAX 48
#define DX_COST_TEXT_MAX 160

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
} dx_cost_item;

#ifdef __cplusplus
}
#endif
#endif /* DXSIM_COST_H */
