/* report.html: the report document (report_doc.c) as one self-contained HTML
 * page: inline CSS with an A4 print stylesheet, inline SVG charts (cost
 * breakdown, cumulative cost per procurement mode, tornado, cost bands) and
 * the coverage map as an embedded base64 PNG. No script, no external resource. */
#include "report_internal.h"

#include <stdio.h>
#include <string.h>

static const char *const palette[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
                                      "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
                                      "#393b79", "#ad494a", "#637939"};
#define NPAL (sizeof palette / sizeof palette[0])

static void heading(dx__report_sink *s, int level, const char *text)
{
    dx__buf_appendf(s->b, "<h%d>", level);
    dx__report_html(s->b, text);
    dx__buf_appendf(s->b, "</h%d>\n", level);
}

static void para(dx__report_sink *s, const char *text)
{
    dx__buf_append(s->b, "<p>");
    dx__report_html(s->b, text);
    dx__buf_append(s->b, "</p>\n");
}

static void bullet(dx__report_sink *s, const char *text)
{
    dx__buf_append(s->b, "<p class=\"li\">• ");
    dx__report_html(s->b, text);
    dx__buf_append(s->b, "</p>\n");
}

static void table(dx__report_sink *s, size_t n, const char *const *head)
{
    dx__buf_append(s->b, "<table><thead><tr>");
    for (size_t i = 0; i < n; i++) {
        dx__buf_append(s->b, "<th>");
        dx__report_html(s->b, head[i]);
        dx__buf_append(s->b, "</th>");
    }
    dx__buf_append(s->b, "</tr></thead><tbody>\n");
}

static int numeric(const char *c)
{
    if (!*c)
        return 0;
    for (; *c; c++)
        if (!strchr("0123456789,.-+ %/e", *c))
            return 0;
    return 1;
}

static void row(dx__report_sink *s, size_t n, const char *const *cells, int strong)
{
    dx__buf_append(s->b, strong ? "<tr class=\"sub\">" : "<tr>");
    for (size_t i = 0; i < n; i++) {
        dx__buf_append(s->b, numeric(cells[i]) ? "<td class=\"n\">" : "<td>");
        dx__report_html(s->b, cells[i]);
        dx__buf_append(s->b, "</td>");
    }
    dx__buf_append(s->b, "</tr>\n");
}

static void table_end(dx__report_sink *s) { dx__buf_append(s->b, "</tbody></table>\n"); }

/* ---- charts --------------------------------------------------------------------- */
static void svg_text(dx__buf *b, double x, double y, const char *anchor, const char *text)
{
    dx__buf_appendf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">", x, y, anchor);
    dx__report_html(b, text);
    dx__buf_append(b, "</text>");
}

/* A chart label of at most max_chars characters (whole UTF-8 characters, "…" when cut). */
static const char *label(char *buf, size_t cap, const char *s, size_t max_chars)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t o = 0, chars = 0;
    while (p[o] && chars < max_chars) {
        size_t n = p[o] < 0x80 ? 1 : (p[o] >> 5) == 6 ? 2 : (p[o] >> 4) == 14 ? 3 : 4;
        if (o + n + 4 > cap) /* room for "…" and the NUL */
            break;
        o += n;
        chars++;
    }
    memcpy(buf, s, o);
    buf[o] = 0;
    if (p[o])
        memcpy(buf + o, "\xE2\x80\xA6", 4); /* "…" and the NUL */
    dx__report_utf8_copy(buf, cap, buf);  /* a cut or invalid character is dropped */
    return buf;
}

static void svg_open(dx__buf *b, const char *id, double w, double h, const char *title)
{
    dx__buf_appendf(b, "<figure><svg class=\"chart\" id=\"%s\" xmlns=\"http://www.w3.org/2000/svg\" "
                       "viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" height=\"%.0f\" role=\"img\"><title>",
                    id, w, h, w, h);
    dx__report_html(b, title);
    dx__buf_append(b, "</title>");
}

static void svg_close(dx__buf *b, const char *caption)
{
    dx__buf_append(b, "</svg><figcaption>");
    dx__report_html(b, caption);
    dx__buf_append(b, "</figcaption></figure>\n");
}

static double nice_max(double v)
{
    if (!(v > 0) || !isfinite(v))
        return 1;
    double p = pow(10, floor(log10(v)));
    for (double k = 1; k <= 10; k += (k < 2 ? 0.5 : 1))
        if (k * p >= v)
            return k * p;
    return 10 * p;
}

static void x_axis(dx__buf *b, double x0, double x1, double y, double vmax, const char *unit)
{
    char t[48], u[64];
    for (int k = 0; k <= 4; k++) {
        double x = x0 + (x1 - x0) * k / 4;
        dx__buf_appendf(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ccc\"/>", x,
                        y, x, 30.0);
        dx__report_yen(t, sizeof t, vmax * k / 4);
        snprintf(u, sizeof u, "%s%s", t, k == 4 ? unit : "");
        svg_text(b, x, y + 14, "middle", u);
    }
}

static void fig_breakdown(dx__report_sink *s)
{
    const dx__report_model *m = s->m;
    dx__buf *b = s->b;
    const char *cats[16];
    size_t nc = 0;
    for (size_t i = 0; i < m->n; i++)
        for (size_t k = 0; k < m->t[i].n_items; k++) {
            size_t c = 0;
            while (c < nc && strcmp(cats[c], m->t[i].items[k].category))
                c++;
            if (c == nc && nc < 16)
                cats[nc++] = m->t[i].items[k].category;
        }
    double vmax = 0;
    for (size_t i = 0; i < m->n; i++)
        vmax = fmax(vmax, m->t[i].res.cost_jpy[m->t[i].res.mode]);
    vmax = nice_max(vmax / 1e3);
    double W = 900, left = 250, right = 880, bar = 22, top = 30;
    double H = top + m->n * (bar + 12) + 60 + 20.0 * ((nc + 3) / 4);
    svg_open(b, "chart-cost", W, H, DX__L(m, "技術別の経費内訳", "Cost breakdown per technology"));
    x_axis(b, left, right, top + m->n * (bar + 12) + 4, vmax, DX__L(m, " 千円", " kJPY"));
    for (size_t i = 0; i < m->n; i++) {
        const dx__report_tech *t = &m->t[i];
        double y = top + i * (bar + 12), x = left;
        char lb[128];
        svg_text(b, left - 6, y + bar * 0.7, "end", label(lb, sizeof lb, t->res.name, 30));
        for (size_t c = 0; c < nc; c++) {
            double v = 0;
            for (size_t k = 0; k < t->n_items; k++)
                if (!strcmp(t->items[k].category, cats[c]))
                    v += t->items[k].cost_jpy;
            double w = (right - left) * (v / 1e3) / vmax;
            if (!(w > 0))
                continue;
            dx__buf_appendf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>", x, y,
                            w, bar, palette[c % NPAL]);
            x += w;
        }
    }
    double ly = top + m->n * (bar + 12) + 34;
    for (size_t c = 0; c < nc; c++) {
        double lx = left + (double)(c % 4) * 165, yy = ly + 20.0 * (double)(c / 4);
        dx__buf_appendf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"12\" height=\"12\" fill=\"%s\"/>", lx, yy - 10,
                        palette[c % NPAL]);
        svg_text(b, lx + 16, yy, "start", dx__report_category_label(m->lang, cats[c]));
    }
    svg_close(b, DX__L(m, "評価した調達方法での総事業費（税込、評価期間の合計）を経費区分ごとに積み上げ。",
                       "Total cost of the evaluated procurement mode (tax incl., over the horizon) by category."));
}

static void fig_cumulative(dx__report_sink *s, size_t ti)
{
    const dx__report_model *m = s->m;
    dx__buf *b = s->b;
    const dx__report_tech *t = &m->t[ti];
    size_t ny = m->sc.n_years;
    double cum[DX_COMPARE_N_MODES][DX_REPORT_MAX_YEARS], vmax = 0;
    for (int md = 0; md < DX_COMPARE_N_MODES; md++) {
        double acc = 0;
        for (size_t y = 0; y < ny; y++)
            cum[md][y] = acc += t->flow_jpy[md][y] / 1e3;
        if (t->res.mode_available[md])
            vmax = fmax(vmax, acc);
    }
    vmax = nice_max(vmax);
    double W = 900, H = 360, x0 = 90, x1 = 700, y0 = 310, y1 = 30;
    char title[200];
    snprintf(title, sizeof title, "%s: %s", DX__L(m, "累積費用", "Cumulative cost"), t->res.name);
    svg_open(b, "chart-cumulative", W, H, title);
    char lab[48];
    for (int k = 0; k <= 4; k++) {
        double y = y0 + (y1 - y0) * k / 4;
        dx__buf_appendf(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ccc\"/>", x0, y, x1, y);
        svg_text(b, x0 - 6, y + 4, "end", dx__report_yen(lab, sizeof lab, vmax * k / 4));
    }
    svg_text(b, x0 - 6, y1 - 12, "end", DX__L(m, "千円", "kJPY"));
    for (size_t y = 0; y < ny; y++)
        if (ny < 12 || y % 2 == 0)
            svg_text(b, x0 + (x1 - x0) * ((double)y + 1) / (double)ny, y0 + 16, "middle",
                     dx__report_year_label(lab, sizeof lab, m->lang, m->sc.first_fiscal_year, y));
    for (int md = 0; md < DX_COMPARE_N_MODES; md++) {
        if (!t->res.mode_available[md])
            continue;
        dx__buf_appendf(b, "<polyline fill=\"none\" stroke-width=\"2.5\" stroke=\"%s\" points=\"%.1f,%.1f", palette[md],
                        x0, y0);
        for (size_t y = 0; y < ny; y++)
            dx__buf_appendf(b, " %.1f,%.1f", x0 + (x1 - x0) * ((double)y + 1) / (double)ny,
                            y0 + (y1 - y0) * cum[md][y] / vmax);
        dx__buf_append(b, "\"/>");
        dx__buf_appendf(b, "<rect x=\"720\" y=\"%.1f\" width=\"14\" height=\"4\" fill=\"%s\"/>", 60.0 + 22 * md,
                        palette[md]);
        svg_text(b, 740, 66.0 + 22 * md, "start", dx__report_mode_label(m->lang, md));
    }
    svg_close(b, DX__L(m, "年度ごとの支出（税込）の累計。購入・リース・サブスクリプションの比較。",
                       "Running total of the yearly spending (tax incl.) for purchase, lease and subscription."));
}

static void fig_tornado(dx__report_sink *s)
{
    const dx__report_model *m = s->m;
    dx__buf *b = s->b;
    size_t n = m->unc.n_tornado;
    double lo = INFINITY, hi = -INFINITY;
    for (size_t k = 0; k < n; k++) {
        lo = fmin(lo, fmin(m->unc.tornado[k].low_jpy, m->unc.tornado[k].high_jpy));
        hi = fmax(hi, fmax(m->unc.tornado[k].low_jpy, m->unc.tornado[k].high_jpy));
    }
    if (!(hi > lo))
        hi = lo + 1;
    double W = 900, left = 260, right = 860, bar = 18, H = 50 + n * (bar + 8) + 30;
    svg_open(b, "chart-tornado", W, H, DX__L(m, "トルネード図", "Tornado"));
    for (size_t k = 0; k < n; k++) {
        double a = m->unc.tornado[k].low_jpy, c = m->unc.tornado[k].high_jpy;
        double xa = left + (right - left) * (fmin(a, c) - lo) / (hi - lo);
        double xc = left + (right - left) * (fmax(a, c) - lo) / (hi - lo);
        double y = 30 + k * (bar + 8);
        dx__buf_appendf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>", xa, y,
                        fmax(xc - xa, 1.0), bar, palette[0]);
        char lb[128];
        svg_text(b, left - 6, y + bar * 0.75, "end", label(lb, sizeof lb, m->unc.tornado[k].input, 36));
    }
    char t1[48], t2[48], cap[160];
    snprintf(cap, sizeof cap, "%s %s – %s %s", DX__L(m, "負担額", "net cost"), dx__report_kyen(t1, sizeof t1, lo),
             dx__report_kyen(t2, sizeof t2, hi), DX__L(m, "千円", "kJPY"));
    svg_text(b, (left + right) / 2, H - 10, "middle", cap);
    svg_close(b, DX__L(m, "最上位技術の負担額: 各入力を P10 と P90 に振った幅。",
                       "Net cost of the best technology with each input at its P10 and P90."));
}

static void fig_bands(dx__report_sink *s)
{
    const dx__report_model *m = s->m;
    dx__buf *b = s->b;
    double vmax = 0;
    for (size_t i = 0; i < m->n; i++) {
        const dx_tech_result *r = &m->t[i].res;
        double v = isfinite(r->net_cost_p90_jpy) ? r->net_cost_p90_jpy : r->net_cost_jpy;
        vmax = fmax(vmax, v / 1e3);
    }
    vmax = nice_max(vmax);
    double W = 900, left = 250, right = 880, bar = 16, top = 30, H = top + m->n * (bar + 14) + 50;
    svg_open(b, "chart-bands", W, H, DX__L(m, "申請者負担の幅（P10–P90）", "Net cost bands (P10–P90)"));
    x_axis(b, left, right, top + m->n * (bar + 14) + 4, vmax, DX__L(m, " 千円", " kJPY"));
    for (size_t i = 0; i < m->n; i++) {
        const dx_tech_result *r = &m->t[i].res;
        double y = top + i * (bar + 14);
        char lb[128];
        svg_text(b, left - 6, y + bar * 0.75, "end", label(lb, sizeof lb, r->name, 30));
        if (isfinite(r->net_cost_p10_jpy) && isfinite(r->net_cost_p90_jpy)) {
            double xa = left + (right - left) * r->net_cost_p10_jpy / 1e3 / vmax;
            double xc = left + (right - left) * r->net_cost_p90_jpy / 1e3 / vmax;
            dx__buf_appendf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\" opacity=\"0.5\"/>",
                            xa, y, fmax(xc - xa, 1.0), bar, palette[i % NPAL]);
        }
        double v = isfinite(r->net_cost_p50_jpy) ? r->net_cost_p50_jpy : r->net_cost_jpy;
        double x = left + (right - left) * v / 1e3 / vmax;
        dx__buf_appendf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"3\" height=\"%.1f\" fill=\"#000\"/>", x - 1.5, y - 2,
                        bar + 4);
    }
    svg_close(b, DX__L(m, "黒線: 負担額（不確実性がある場合は P50）、帯: P10–P90。",
                       "Black mark: net cost (P50 with uncertainty); band: P10–P90."));
}

static void base64(dx__buf *b, const unsigned char *p, size_t n)
{
    static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    char chunk[4097];
    size_t o = 0;
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned)p[i] << 16 | (i + 1 < n ? (unsigned)p[i + 1] << 8 : 0) | (i + 2 < n ? p[i + 2] : 0);
        chunk[o++] = tab[v >> 18 & 63];
        chunk[o++] = tab[v >> 12 & 63];
        chunk[o++] = i + 1 < n ? tab[v >> 6 & 63] : '=';
        chunk[o++] = i + 2 < n ? tab[v & 63] : '=';
        if (o >= 4092) {
            chunk[o] = 0;
            dx__buf_append(b, chunk);
            o = 0;
        }
    }
    chunk[o] = 0;
    dx__buf_append(b, chunk);
}

/* name of plan technology k in the report (the catalogue name), else its id */
static const char *plan_tech_name(const dx__report_model *m, size_t k, char *id, size_t cap)
{
    dx__report_map_tech_id(m->R, k, id, cap);
    for (size_t i = 0; i < m->n; i++)
        if (!strcmp(m->t[i].res.id, id))
            return m->t[i].res.name;
    return id;
}

/* The maps of the best technology whose design has sites (a carrier service
 * has none): one, or one per part of a mixed design (report_map.c). The PNG
 * carries its legend, scale bar and north arrow; the caption says what the
 * colours and marks are. */
static void fig_map(dx__report_sink *s)
{
    const dx__report_model *m = s->m;
    if (!m->html_map)
        return;
    enum { MAX_PARTS = 8 };
    size_t drawn = 0;
    dx_status st = DX_EINVAL;
    char err[DX_REPORT_TEXT_MAX] = "";
    for (size_t shown = 0; shown < m->n && drawn == 0; shown++) {
        size_t parts[MAX_PARTS], np = 0;
        st = dx__report_map_parts(m->R, shown, MAX_PARTS, parts, &np);
        if (np > MAX_PARTS)
            np = MAX_PARTS;
        for (size_t p = 0; p < np && st == DX_OK; p++) {
            unsigned char *png = NULL;
            size_t n = 0;
            if (dx__report_map_png(m->R, parts[p], &png, &n) != DX_OK) {
                dx__report_utf8_copy(err, sizeof err, dx_last_error());
                continue; /* a carrier part has no map; the other parts still do */
            }
            char idbuf[64], cap[600];
            const char *tn = plan_tech_name(m, parts[p], idbuf, sizeof idbuf);
            dx__buf_append(s->b, "<figure class=\"map\">");
            dx__buf_append(s->b, drawn == 0 ? "<img id=\"coverage-map\"" : "<img class=\"coverage-map\"");
            dx__buf_append(s->b, " width=\"1200\" alt=\"");
            dx__report_html(s->b, tn);
            dx__buf_append(s->b, "\" src=\"data:image/png;base64,");
            base64(s->b, png, n);
            dx__buf_append(s->b, "\">");
            dx_free(png);
            if (np > 1 && m->lang == DX_REPORT_LANG_JA) /* mixed: its id, the name is the assignment */
                snprintf(cap, sizeof cap, "%s の部分 %zu/%zu: %s", m->t[shown].res.id, p + 1, np, tn);
            else if (np > 1)
                snprintf(cap, sizeof cap, "%s part %zu of %zu: %s", m->t[shown].res.id, p + 1, np, tn);
            else
                snprintf(cap, sizeof cap, "%s", tn);
            dx__buf_append(s->b, "<figcaption>");
            dx__report_html(s->b, cap);
            dx__buf_append(s->b, DX__L(m, "。カバレッジ確率・基地局・経路（凡例、縮尺、方位記号は図中）。"
                                          "経路の赤は通信途絶区間、黄はハンドオーバー点。",
                                       ". Coverage probability, sites and routes (legend, scale bar and north arrow "
                                       "in the map); on routes red marks outage segments, yellow handover points."));
            if (np > 1)
                dx__buf_append(s->b, DX__L(m, "各部分はその技術の単独設計の基地局配置で描いています。",
                                           " Each part is drawn with that technology's own planned design."));
            dx__buf_append(s->b, "</figcaption></figure>\n");
            drawn++;
        }
        if (st != DX_OK)
            dx__report_utf8_copy(err, sizeof err, dx_last_error());
    }
    if (drawn == 0) {
        dx__buf_append(s->b, "<figure class=\"map\"><p>");
        dx__report_html(s->b, err[0] ? err : DX__L(m, "地図なし", "no map"));
        dx__buf_append(s->b, "</p></figure>\n");
    }
}

static void figure(dx__report_sink *s, dx__report_figure f, size_t tech)
{
    switch (f) {
    case DX__FIG_COST_BREAKDOWN: fig_breakdown(s); break;
    case DX__FIG_CUMULATIVE: fig_cumulative(s, tech); break;
    case DX__FIG_TORNADO: fig_tornado(s); break;
    case DX__FIG_BANDS: fig_bands(s); break;
    case DX__FIG_MAP: fig_map(s); break;
    }
}

static const char css[] =
    "body{font-family:'Noto Sans CJK JP','Hiragino Sans','Yu Gothic',Meiryo,sans-serif;max-width:1100px;"
    "margin:1em auto;padding:0 1em;color:#222;line-height:1.5}"
    "h1{font-size:1.5em;border-bottom:3px solid #1f77b4}h2{font-size:1.25em;border-left:6px solid #1f77b4;"
    "padding-left:.4em;margin-top:1.6em}h3{font-size:1.1em}h4{font-size:1em;margin-bottom:.2em}"
    "table{border-collapse:collapse;margin:.6em 0;font-size:.85em}th,td{border:1px solid #999;"
    "padding:2px 6px;vertical-align:top}th{background:#e8eef5}td.n{text-align:right;white-space:nowrap}"
    "tr.sub td{font-weight:bold;background:#f4f4f4}p.li{margin:.1em 0 .1em 1em}"
    "svg.chart{max-width:100%;height:auto;font-size:12px}figure{margin:1em 0}figcaption{font-size:.85em;color:#555}"
    "figure.map img{width:100%;max-width:1100px;border:1px solid #ccc}"
    "@page{size:A4;margin:15mm}"
    "@media print{body{max-width:none;margin:0;font-size:10pt}h2{page-break-before:always}"
    "table,figure,svg{page-break-inside:avoid}th{background:#eee !important}}";

dx_status dx__report_html_render(const dx__report_model *m, dx__buf *b)
{
    dx__buf_appendf(b, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
                       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
                    m->lang == DX_REPORT_LANG_JA ? "ja" : "en");
    dx__report_html(b, m->sc.title);
    dx__buf_appendf(b, "</title>\n<style>%s</style>\n</head>\n<body>\n", css);
    dx__report_sink s = {b, m, heading, para, bullet, table, row, table_end, figure, DX_OK};
    dx_status st = dx__report_doc(&s);
    dx__buf_append(b, "</body>\n</html>\n");
    return st;
}
