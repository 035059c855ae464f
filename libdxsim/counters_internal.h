/* Private, for tests only: counts of the work a prepared run should do once
 * (issue 14). A scenario Monte Carlo prepares the price book, the programme
 * rules and its inputs' targets before the first draw; a test reads these
 * counters around a run and checks that they do not grow with the draws.
 * Relaxed atomics: cheap, thread-safe, no ordering needed for a count. */
#ifndef DXSIM_COUNTERS_INTERNAL_H
#define DXSIM_COUNTERS_INTERNAL_H

typedef enum {
    DX__COUNT_PRICE_BOOK_PARSE,   /* a price book parsed from text (cost.c) */
    DX__COUNT_PRICE_BOOK_COPY,    /* dx_price_book_builtin: a copy of the built-in book */
    DX__COUNT_RULES_PARSE,        /* a programme rule file section parsed (programme.c) */
    DX__COUNT_MC_TARGET_RESOLVE,  /* an <uncertainty>/<input> target resolved by name */
    DX__COUNT_ROUTE_CHECK,        /* a route check computed, not taken from the memo (plan_corridor.c) */
    DX__COUNT_PROG_REASON,        /* a programme reason formatted (an item verdict or a check, programme.c) */
    DX__COUNT_NOTE,               /* a technology note formatted (dx__compare_note, compare.c) */
    DX__COUNT_N
} dx__counter;

extern unsigned long dx__counters[DX__COUNT_N];

static inline void dx__count(dx__counter c)
{
    __atomic_fetch_add(&dx__counters[c], 1UL, __ATOMIC_RELAXED);
}

static inline unsigned long dx__count_get(dx__counter c)
{
    return __atomic_load_n(&dx__counters[c], __ATOMIC_RELAXED);
}

#endif
