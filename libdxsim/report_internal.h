/* Private: the report model (one per render) and the helpers every renderer
 * shares: escapers for Markdown, HTML, JSON and CSV, locale-free number
 * formatting, Japanese units and fiscal-year labels. Renderers (report_md.c,
 * report_html.c, report_json.c, report_csv.c) include this header only: they
 * read the results through the public accessors of compare.h, never the
 * scenario's or the pipeline's internals (STYLE.md §12). */
#ifndef DXSIM_REPORT_INTERNAL_H
#define DXSIM_REPORT_INTERNAL_H

#include "dxsim/compare.h"
#include "dx_internal.h"

/* Version of results.json's layout (docs/results.schema.json). */
#define DX__REPORT_SCHEMA_VERSION "2.0"

typedef struct {
    dx_tech_result res;
    dx_plan_tech design;
    size_t n_items;
    dx_report_item *items;
    double flow_jpy[DX_COMPARE_N_MODES][DX_REPORT_MAX_YEARS];
    size_t n_notes;
    char (*notes)[DX_REPORT_TEXT_MAX]; /* UTF-8-clean copies */
    size_t n_routes;
    dx_report_route routes[4];
} dx__report_tech;

typedef struct {
    dx_report_lang lang;
    int html_map;
    const dx_results *R;      /* only for the map image (report_map.c) */
    dx_report_scenario sc;
    dx_report_demand *demand; /* sc.n_demand */
    size_t n;
    dx__report_tech *t;       /* rank order */
    size_t n_assump;
    dx_report_assumption *assump;
    dx_report_uncertainty unc;
} dx__report_model;

/* report_model.c */
dx_status dx__report_model_build(const dx_results *R, const dx_report_options *o, dx__report_model *m);
void dx__report_model_dispose(dx__report_model *m);

/* ja/en pick */
#define DX__L(m, ja, en) ((m)->lang == DX_REPORT_LANG_JA ? (ja) : (en))

/* report_text.c: escapers (append to b) */
void dx__report_utf8_copy(char *dst, size_t cap, const char *src); /* never cuts a character */
void dx__report_md(dx__buf *b, const char *s);   /* table cell: | \ newline < > & escaped */
void dx__report_html(dx__buf *b, const char *s); /* & < > " ' */
void dx__report_json(dx__buf *b, const char *s); /* "..." */
void dx__report_csv(dx__buf *b, const char *s);  /* "..." with "" doubled */
void dx__report_json_num(dx__buf *b, double v);  /* null when not finite */
void dx__report_csv_num(dx__buf *b, double v, int digits); /* empty when not finite */

/* report_text.c: locale-free numbers (buf returned) */
const char *dx__report_yen(char *buf, size_t cap, double jpy);      /* 1,256,920 */
const char *dx__report_kyen(char *buf, size_t cap, double jpy);     /* 千円: 1,257 */
const char *dx__report_myen(char *buf, size_t cap, double jpy);     /* 1.257 (million) */
const char *dx__report_num(char *buf, size_t cap, double v, int digits);
const char *dx__report_pct(char *buf, size_t cap, double ratio);
/* "令和7年度" / "FY2025" for fiscal year fy; "1年目" / "Y1" for column y when fy0 == 0 */
const char *dx__report_year_label(char *buf, size_t cap, dx_report_lang lang, int fy0, size_t y);
const char *dx__report_mode_label(dx_report_lang lang, int mode);
const char *dx__report_category_label(dx_report_lang lang, const char *category);
/* a scenario key of kind "menu", "applicant" or "environment" in the report's
 * language (ja: the briefing's names; en: the key) */
const char *dx__report_key_label(dx_report_lang lang, const char *kind, const char *key);
const char *dx__report_class_label(dx_report_lang lang, const char *value_class);

/* report_phrases.c: a generated English phrase (verdict, note, item reason) in
 * lang: the Japanese from the one phrase table, or the English copied; the
 * result is in buf (never cut inside a character) and is returned. */
const char *dx__report_phrase(dx_report_lang lang, const char *en, char *buf, size_t cap);

/* renderers (append to b) */
dx_status dx__report_md_render(const dx__report_model *m, dx__buf *b);
dx_status dx__report_html_render(const dx__report_model *m, dx__buf *b);
dx_status dx__report_json_render(const dx__report_model *m, dx__buf *b);
dx_status dx__report_csv_summary(const dx__report_model *m, dx__buf *b);
dx_status dx__report_csv_items(const dx__report_model *m, dx__buf *b);
dx_status dx__report_csv_cashflows(const dx__report_model *m, dx__buf *b);

/* report_map.c: the plan indices of the maps of technology rank_index (one,
 * or one per part of a mixed design; *n_parts may exceed cap), and the map of
 * plan technology plan_index as a PNG (1200 px wide: legend, scale bar, north
 * arrow, sites, routes with outages and handovers); *png freed with dx_free.
 * DX_EINVAL for a carrier network, no sites, or no PNG writer. */
dx_status dx__report_map_parts(const dx_results *R, size_t rank_index, size_t cap, size_t *plan_idx,
                               size_t *n_parts);
dx_status dx__report_map_png(const dx_results *R, size_t plan_index, unsigned char **png, size_t *n);
/* the catalogue id of plan technology plan_index ("" when out of range) */
void dx__report_map_tech_id(const dx_results *R, size_t plan_index, char *id, size_t cap);

#endif

/* report_doc.c: the document (sections, paragraphs, tables) in the model's
 * language, written through a sink; report_md.c and report_html.c are sinks.
 * Texts handed to a sink are plain UTF-8: the sink escapes them. */
typedef enum {
    DX__FIG_COST_BREAKDOWN = 0, /* cost per technology by category */
    DX__FIG_CUMULATIVE = 1,     /* cumulative cost per mode (technology `tech`) */
    DX__FIG_TORNADO = 2,
    DX__FIG_BANDS = 3,          /* P10/P50/P90 of the net cost per technology */
    DX__FIG_MAP = 4             /* coverage map of the best technology */
} dx__report_figure;

typedef struct dx__report_sink dx__report_sink;
struct dx__report_sink {
    dx__buf *b;
    const dx__report_model *m;
    void (*heading)(dx__report_sink *s, int level, const char *text);
    void (*para)(dx__report_sink *s, const char *text);
    void (*bullet)(dx__report_sink *s, const char *text);
    void (*table)(dx__report_sink *s, size_t ncols, const char *const *head);
    void (*row)(dx__report_sink *s, size_t ncols, const char *const *cells, int strong);
    void (*table_end)(dx__report_sink *s);
    void (*figure)(dx__report_sink *s, dx__report_figure f, size_t tech); /* NULL: none */
    dx_status status;
};
dx_status dx__report_doc(dx__report_sink *s);
