/* The report's content, once, in Japanese or English: scenario, 技術比較 with a
 * narrative per technology, 経費内訳 in the ministry's layout, 費用対効果,
 * purchase vs lease vs subscription, uncertainty, routes, assumptions. Written
 * through a sink (report_md.c, report_html.c) that escapes and lays it out. */
#include "report_internal.h"
#include "dxsim/cost.h"

#include <stdio.h>
#include <math.h>
#include <string.h>

#define N(x) (sizeof(x) / sizeof((x)[0]))
#define LANG(ja, en) DX__L(m, ja, en)

typedef struct {
    char s[24][64];
} cells;

static void para_f(dx__report_sink *s, const char *fmt, ...) DX__PRINTF(2, 3);
static void para_f(dx__report_sink *s, const char *fmt, ...)
{
    char t[4096];
    va_list ap;
    va_start(ap, fmt);
    dx__vsnprintf_c(t, sizeof t, fmt, ap);
    va_end(ap);
    s->para(s, t);
}

static void bullet_f(dx__report_sink *s, const char *fmt, ...) DX__PRINTF(2, 3);
static void bullet_f(dx__report_sink *s, const char *fmt, ...)
{
    char t[4096];
    va_list ap;
    va_start(ap, fmt);
    dx__vsnprintf_c(t, sizeof t, fmt, ap);
    va_end(ap);
    s->bullet(s, t);
}

/* ---- scenario ------------------------------------------------------------------ */
static void scenario(dx__report_sink *s)
{
    const dx__report_model *m = s->m;
    const dx_report_scenario *sc = &m->sc;
    char a[48], c[48], d[48];
    s->heading(s, 2, LANG("シナリオ", "Scenario"));
    if (sc->area_polygons) {
        char e[48];
        bullet_f(s, LANG("対象エリア: %s km²（%s%s多角形 %zu・穴 %zu・頂点 %zu、GRS80 楕円体上の面積。"
                         "平面直角座標系 EPSG:%d では %s km²）、外接矩形 %s m × %s m（環境: %s）",
                         "Area: %s km² (%s%s%zu polygon(s), %zu hole(s), %zu vertices; geodesic "
                         "area on GRS80; Plane Rectangular EPSG:%d gives %s km²), bounding box "
                         "%s m × %s m, environment %s"),
                 dx__report_num(d, sizeof d, sc->area_km2, 4), sc->area_file,
                 sc->area_file[0] ? ": " : "", sc->area_polygons, sc->area_holes,
                 sc->area_vertices, sc->area_epsg,
                 dx__report_num(e, sizeof e, sc->area_plane_km2, 4),
                 dx__report_num(a, sizeof a, sc->width_m, 6),
                 dx__report_num(c, sizeof c, sc->height_m, 6),
                 dx__report_key_label(m->lang, "environment", sc->environment));
    } else
    bullet_f(s, LANG("対象エリア: %s m × %s m = %s km²（環境: %s）", "Area: %s m × %s m = %s km², environment %s"),
             dx__report_num(a, sizeof a, sc->width_m, 6), dx__report_num(c, sizeof c, sc->height_m, 6),
             dx__report_num(d, sizeof d, sc->area_km2, 4),
             dx__report_key_label(m->lang, "environment", sc->environment));
    char y0[32], y1[32];
    dx__report_year_label(y0, sizeof y0, m->lang, sc->first_fiscal_year, 0);
    dx__report_year_label(y1, sizeof y1, m->lang, sc->first_fiscal_year, sc->n_years ? sc->n_years - 1 : 0);
    /* a horizon under a year in months ("0.5 年" read oddly), one fiscal year once */
    char span[96], fys[80];
    if (sc->horizon_years < 1.0)
        snprintf(span, sizeof span, LANG("%.0f か月", "%.0f months"), round(sc->horizon_years * 12.0));
    else
        snprintf(span, sizeof span, LANG("%s 年", "%s years"),
                 dx__report_num(a, sizeof a, sc->horizon_years, 4));
    if (strcmp(y0, y1) == 0)
        snprintf(fys, sizeof fys, "%s", y0);
    else
        snprintf(fys, sizeof fys, LANG("%s〜%s", "%s to %s"), y0, y1);
    bullet_f(s, LANG("評価期間 %s（%s）、割引率 %s、調達方法（補助事業の評価）: %s",
                     "Horizon %s (%s), discount rate %s, procurement evaluated for the programme: %s"),
             span, fys,
             dx__report_pct(c, sizeof c, sc->discount_rate_ratio),
             dx__report_mode_label(m->lang, !strcmp(sc->procurement, "lease") ? 1
                                            : !strcmp(sc->procurement, "subscription") ? 2 : 0));
    bullet_f(s, LANG("補助事業メニュー: %s、申請者: %s（コンソーシアム内の地方公共団体 %d）",
                     "MIC programme menu: %s; applicant: %s (%d local governments in the consortium)"),
             dx__report_key_label(m->lang, "menu", sc->menu),
             dx__report_key_label(m->lang, "applicant", sc->applicant_type), sc->consortium_local_governments);
    /* ③ grants a fiscal year's works (補助期間), ② contracts a demonstration (実証期間) */
    int grant = !strcmp(sc->menu, "r7-3");
    const char *pl = grant ? LANG("補助期間", "Grant period") : LANG("実証期間", "Demonstration period");
    if (sc->have_period)
        bullet_f(s, LANG("%s: %s〜%s", "%s: %s to %s"), pl, sc->period_start, sc->period_end);
    else
        bullet_f(s, LANG("%s: シナリオに記載なし（初年度末まで、仮定）",
                         "%s: not stated (to the end of the first fiscal year, ASSUMED)"), pl);
    bullet_f(s, LANG("シナリオファイル: %s", "Scenario file: %s"), sc->source);
    const char *h[] = {LANG("需要クラス", "demand class"), LANG("台数", "devices"),
                       LANG("上り平均 kbit/s", "UL avg kbit/s"), LANG("下り平均 kbit/s", "DL avg kbit/s"),
                       LANG("上り必要 kbit/s", "UL needed kbit/s"), LANG("下り必要 kbit/s", "DL needed kbit/s"),
                       LANG("役割", "role")};
    s->table(s, N(h), h);
    for (size_t k = 0; k < sc->n_demand; k++) {
        const dx_report_demand *dm = &m->demand[k];
        cells c2;
        const char *row[7] = {dm->name,
                              dx__report_num(c2.s[0], 64, dm->count, 8),
                              dx__report_num(c2.s[1], 64, dm->ul_bps / 1e3, 4),
                              dx__report_num(c2.s[2], 64, dm->dl_bps / 1e3, 4),
                              dx__report_num(c2.s[3], 64, dm->required_ul_bps / 1e3, 4),
                              dx__report_num(c2.s[4], 64, dm->required_dl_bps / 1e3, 4),
                              dm->solution ? LANG("ソリューション機器", "solution") : LANG("その他", "other")};
        s->row(s, 7, row, 0);
    }
    s->table_end(s);
}

/* ---- 技術比較 ---------------------------------------------------------------------- */
static void narrative(dx__report_sink *s, const dx__report_tech *t)
{
    const dx__report_model *m = s->m;
    const dx_tech_result *r = &t->res;
    char a[48], b2[48], c[48], d[48], e[48], f[48], g[48], bound[48];
    char ph[2 * DX_REPORT_TEXT_MAX]; /* Japanese takes up to 3 bytes where English took 1 */
    dx__buf nb;
    dx__buf_init(&nb);
    /* a carrier network (LTE-M, carrier 5G) builds no sites and has no planned cell:
     * "0 局（携帯網律速）、セル半径 - m" read as a design of zero sites */
    const int carrier = !isfinite(r->cell_radius_m) && r->sites == 0;
    char sites_txt[160];
    if (m->lang == DX_REPORT_LANG_JA) {
        if (carrier)
            snprintf(sites_txt, sizeof sites_txt, "携帯事業者の網を利用（局の整備なし）");
        else if (!isfinite(r->cell_radius_m)) /* a mixed design: a radius per part */
            snprintf(sites_txt, sizeof sites_txt, "%s 局（%s律速、セル半径は部分ごと）",
                     dx__report_num(b2, sizeof b2, r->sites, 4),
                     dx__report_phrase(m->lang, r->bound_by, bound, sizeof bound));
        else
            snprintf(sites_txt, sizeof sites_txt, "%s 局（%s律速）、セル半径 %s m",
                     dx__report_num(b2, sizeof b2, r->sites, 4),
                     dx__report_phrase(m->lang, r->bound_by, bound, sizeof bound),
                     dx__report_num(c, sizeof c, r->cell_radius_m, 4));
        dx__buf_appendf(&nb, "%s は%s。%s。カバー率 %s、%s、",
                        r->name, r->feasible ? "要件を満たします" : "要件を満たしません",
                        dx__report_phrase(m->lang, r->verdict, ph, sizeof ph),
                        dx__report_pct(a, sizeof a, r->coverage_ratio), sites_txt);
        if (isfinite(r->edge_dl_mbps))
            dx__buf_appendf(&nb, "セル端速度 下り %s / 上り %s Mbit/s（必要 下り %s / 上り %s Mbit/s）。",
                            dx__report_num(d, sizeof d, r->edge_dl_mbps, 3), dx__report_num(e, sizeof e, r->edge_ul_mbps, 3),
                            dx__report_num(f, sizeof f, r->required_dl_mbps, 3), dx__report_num(g, sizeof g, r->required_ul_mbps, 3));
        else
            dx__buf_appendf(&nb, "必要速度 下り %s / 上り %s Mbit/s（セル端速度は部分ごとに確認）。",
                            dx__report_num(f, sizeof f, r->required_dl_mbps, 3), dx__report_num(g, sizeof g, r->required_ul_mbps, 3));
        dx__buf_appendf(&nb, "%sでの総事業費は %s 千円（税込）、補助対象 %s 千円、補助額 %s 千円、申請者負担 %s 千円、"
                             "B/C（国交省基準）%s。",
                        dx__report_mode_label(m->lang, r->mode), dx__report_kyen(a, sizeof a, r->cost_jpy[r->mode]),
                        dx__report_kyen(b2, sizeof b2, r->eligible_jpy), dx__report_kyen(c, sizeof c, r->subsidy_jpy),
                        dx__report_kyen(d, sizeof d, r->net_cost_jpy), dx__report_num(e, sizeof e, r->benefit_cost_ratio, 3));
    } else {
        if (carrier)
            snprintf(sites_txt, sizeof sites_txt, "on the carrier's network (no sites to build)");
        else if (!isfinite(r->cell_radius_m)) /* a mixed design: a radius per part */
            snprintf(sites_txt, sizeof sites_txt, "with %s site%s (%s-bound, a cell radius per part)",
                     dx__report_num(b2, sizeof b2, r->sites, 4), r->sites == 1 ? "" : "s",
                     r->bound_by);
        else
            snprintf(sites_txt, sizeof sites_txt, "with %s site%s (%s-bound), cell radius %s m",
                     dx__report_num(b2, sizeof b2, r->sites, 4), r->sites == 1 ? "" : "s",
                     r->bound_by, dx__report_num(c, sizeof c, r->cell_radius_m, 4));
        /* the verdict is a clause ("covers 96 % of ..."): a sentence here */
        dx__report_utf8_copy(ph, sizeof ph, r->verdict);
        if (ph[0] >= 'a' && ph[0] <= 'z')
            ph[0] = (char)(ph[0] - 'a' + 'A');
        dx__buf_appendf(&nb, "%s is %s. %s. Coverage %s %s, ",
                        r->name, r->feasible ? "feasible" : "not feasible", ph,
                        dx__report_pct(a, sizeof a, r->coverage_ratio), sites_txt);
        if (isfinite(r->edge_dl_mbps))
            dx__buf_appendf(&nb, "edge rate DL %s / UL %s Mbit/s (needed %s / %s). ",
                            dx__report_num(d, sizeof d, r->edge_dl_mbps, 3), dx__report_num(e, sizeof e, r->edge_ul_mbps, 3),
                            dx__report_num(f, sizeof f, r->required_dl_mbps, 3), dx__report_num(g, sizeof g, r->required_ul_mbps, 3));
        else
            dx__buf_appendf(&nb, "needed DL %s / UL %s Mbit/s (edge rates checked part by part). ",
                            dx__report_num(f, sizeof f, r->required_dl_mbps, 3), dx__report_num(g, sizeof g, r->required_ul_mbps, 3));
        dx__buf_appendf(&nb, "Under %s the project costs %s thousand JPY (tax incl.), %s eligible, subsidy %s, "
                             "applicant's burden %s; B/C (MLIT basis) %s. ",
                        dx__report_mode_label(m->lang, r->mode), dx__report_kyen(a, sizeof a, r->cost_jpy[r->mode]),
                        dx__report_kyen(b2, sizeof b2, r->eligible_jpy), dx__report_kyen(c, sizeof c, r->subsidy_jpy),
                        dx__report_kyen(d, sizeof d, r->net_cost_jpy), dx__report_num(e, sizeof e, r->benefit_cost_ratio, 3));
    }
    /* the non-FIRM inputs of this technology behind these figures, by name (their
     * values and sources, and the planning constants, are in the assumptions table) */
    size_t named = 0;
    for (size_t k = 0; k < m->n_assump; k++) {
        const dx_report_assumption *as = &m->assump[k];
        if (strcmp(as->subject, r->id))
            continue;
        dx__buf_append(&nb, named ? LANG("、", ", ") : LANG("参考値・仮定に依存する入力（値と出典は前提条件の表）: ",
                                                "INDICATIVE/ASSUMED inputs behind these figures (values and "
                                                "sources in the assumptions table): "));
        char kp[DX_COST_NAME_MAX + 64];
        dx__buf_append(&nb, dx__report_phrase(m->lang, as->key, kp, sizeof kp));
        named++;
    }
    if (named)
        dx__buf_append(&nb, LANG("。", "."));
    if (!nb.failed && nb.data)
        s->para(s, nb.data);
    dx__buf_dispose(&nb);
}

/* How the design was checked, as a proposal reader needs it: an analytic
 * design (hexagonal cells over the area) leaves out the area's edges, which
 * `dxsim coverage` checks on the grid (it warns when the target is missed). */
static const char *fidelity_label(dx_report_lang lang, dx_plan_fidelity f)
{
    if (f == DX_PLAN_FIDELITY_GRID)
        return lang == DX_REPORT_LANG_JA ? "グリッド計算（配置した局から各画素へ）"
                                         : "grid (every pixel from the placed sites)";
    return lang == DX_REPORT_LANG_JA
               ? "解析式（六角セル、エリア端の被覆は dxsim coverage のグリッドで確認）"
               : "analytic (hexagonal cells; the area's edges are checked on the grid by "
                 "dxsim coverage)";
}

/* the link budget and capacity behind the narrative */
static void radio(dx__report_sink *s, const dx__report_tech *t)
{
    const dx__report_model *m = s->m;
    const dx_tech_result *r = &t->res;
    char a[48], b2[48], c[48], d[48], e[48], f[48], g[48], h[48], pm[96];
    if (!isfinite(r->fc_hz)) { /* a mixed design: each part's radio is in its note */
        bullet_f(s, LANG("無線・容量: 部分ごとの設計（各部分の技術・セル半径は下の注記）。需要 下り %s / 上り %s Mbit/s、無線機 計 %s 台",
                         "Radio and capacity: per part (each part's technology and cell radius in the "
                         "notes below); offered %s / %s Mbit/s, radios in all: %s"),
                 dx__report_num(c, sizeof c, r->offered_dl_mbps, 4), dx__report_num(d, sizeof d, r->offered_ul_mbps, 4),
                 dx__report_num(g, sizeof g, r->radios, 4));
        return;
    }
    bullet_f(s, LANG("無線: 中心周波数 %s MHz、帯域幅 %s MHz、伝搬モデル %s%s; 最大許容伝搬損失 下り %s dB / 上り %s dB（%s 律速）、"
                     "シャドウイング σ %s dB → マージン %s dB",
                     "Radio: %s MHz carrier, %s MHz channel, propagation model %s%s; maximum allowable path loss "
                     "DL %s dB / UL %s dB (limiting: %s), shadowing σ %s dB → margin %s dB"),
             dx__report_num(a, sizeof a, r->fc_hz / 1e6, 6), dx__report_num(b2, sizeof b2, r->bw_hz / 1e6, 4),
             dx__report_phrase(m->lang, r->propagation_model, pm, sizeof pm),
             r->model_out_of_range ? LANG("（適用範囲外）", " (outside its validity range)") : "",
             dx__report_num(c, sizeof c, r->mapl_dl_db, 4), dx__report_num(d, sizeof d, r->mapl_ul_db, 4),
             r->limiting_link, dx__report_num(e, sizeof e, r->shadow_sigma_db, 3),
             dx__report_num(f, sizeof f, r->shadow_margin_db, 3));
    if (!isfinite(r->capacity_dl_mbps) && r->sites == 0) { /* a carrier network */
        bullet_f(s, LANG("容量: 携帯事業者の網（需要 下り %s / 上り %s Mbit/s、公称速度で確認）",
                         "Capacity: the carrier's network (offered %s / %s Mbit/s, checked against "
                         "its nominal rates)"),
                 dx__report_num(c, sizeof c, r->offered_dl_mbps, 4), dx__report_num(d, sizeof d, r->offered_ul_mbps, 4));
        return;
    }
    bullet_f(s, LANG("容量: 下り %s / 上り %s Mbit/s（需要 %s / %s Mbit/s）、無線機 %s 台、アンテナ高 %s m、設計精度 %s",
                     "Capacity DL %s / UL %s Mbit/s against offered %s / %s Mbit/s; %s radios, antenna height %s m, "
                     "design checked: %s"),
             dx__report_num(a, sizeof a, r->capacity_dl_mbps, 4), dx__report_num(b2, sizeof b2, r->capacity_ul_mbps, 4),
             dx__report_num(c, sizeof c, r->offered_dl_mbps, 4), dx__report_num(d, sizeof d, r->offered_ul_mbps, 4),
             dx__report_num(g, sizeof g, r->radios, 4), dx__report_num(h, sizeof h, t->design.bs_height_m, 3),
             fidelity_label(m->lang, t->design.fidelity));
}

static void comparison(dx__report_sink *s)
{
    const dx__report_model *m = s->m;
    s->heading(s, 2, LANG("技術比較", "Comparison"));
    para_f(s, LANG("金額は千円・税込・評価期間の合計（割引前）。要件を満たし事業メニューの要件も満たす技術を先に、"
                   "次に要件を満たすが事業メニューの対象とならない技術（補助額 0）、その後に要件を満たさない技術。"
                   "各群の中は%sの小さい順。",
                   "Amounts in thousand JPY, tax included, undiscounted over the horizon; feasible designs "
                   "the menu can fund first, then feasible designs it cannot fund (no subsidy), then the "
                   "rest; each group by the lowest %s."),
           m->sc.rank_by_burden ? LANG("申請者負担（シナリオの指定 rank_by=\"burden\"）",
                                       "applicant's burden (the scenario's rank_by=\"burden\")")
                                : LANG("総事業費（費用対効果の判断基準）",
                                       "total project cost (the ministry's money: what cost-effectiveness is judged on)"));
    const char *h[] = {"#", LANG("技術", "technology"), LANG("要件", "feasible"), LANG("カバー率", "coverage"),
                       LANG("局数", "sites"), LANG("セル端 下り/上り Mbit/s", "edge DL / UL Mbit/s"),
                       LANG("購入", "purchase"), LANG("リース", "lease"), LANG("サブスク", "subscription"),
                       LANG("補助対象", "eligible"), LANG("補助額", "subsidy"), LANG("申請者負担", "net cost")};
    s->table(s, N(h), h);
    for (size_t i = 0; i < m->n; i++) {
        const dx_tech_result *r = &m->t[i].res;
        cells c;
        char edge[140];
        snprintf(c.s[0], 64, "%d", r->rank);
        snprintf(edge, sizeof edge, "%s / %s", dx__report_num(c.s[1], 64, r->edge_dl_mbps, 3),
                 dx__report_num(c.s[2], 64, r->edge_ul_mbps, 3));
        const char *row[] = {c.s[0], r->name, r->feasible ? LANG("○", "yes") : LANG("×", "no"),
                             dx__report_pct(c.s[3], 64, r->coverage_ratio),
                             dx__report_num(c.s[4], 64, r->sites, 4), edge,
                             r->mode_available[0] ? dx__report_kyen(c.s[5], 64, r->cost_jpy[0]) : "-",
                             r->mode_available[1] ? dx__report_kyen(c.s[6], 64, r->cost_jpy[1]) : "-",
                             r->mode_available[2] ? dx__report_kyen(c.s[7], 64, r->cost_jpy[2]) : "-",
                             dx__report_kyen(c.s[8], 64, r->eligible_jpy), dx__report_kyen(c.s[9], 64, r->subsidy_jpy),
                             dx__report_kyen(c.s[10], 64, r->net_cost_jpy)};
        s->row(s, N(row), row, i == 0);
    }
    s->table_end(s);
    if (s->figure)
        s->figure(s, DX__FIG_COST_BREAKDOWN, 0);
    s->heading(s, 3, LANG("各技術の所見", "Per technology"));
    char ph[3 * DX_REPORT_TEXT_MAX];
    for (size_t i = 0; i < m->n; i++) {
        char t[160];
        snprintf(t, sizeof t, "%d. %s (%s)", m->t[i].res.rank, m->t[i].res.name, m->t[i].res.id);
        s->heading(s, 4, t);
        narrative(s, &m->t[i]);
        radio(s, &m->t[i]);
        for (size_t k = 0; k < m->t[i].n_notes; k++)
            bullet_f(s, "%s%s", LANG("注記: ", "Note: "),
                     dx__report_phrase(m->lang, m->t[i].notes[k], ph, sizeof ph));
    }
}

/* ---- 経費内訳 ---------------------------------------------------------------------- */
static void breakdown(dx__report_sink *s, const dx__report_tech *t)
{
    const dx__report_model *m = s->m;
    char ph[3 * DX_REPORT_TEXT_MAX];
    size_t ny = m->sc.n_years, nc = 8 + ny;
    if (nc > 24)
        nc = 24, ny = 16;
    char title[200];
    snprintf(title, sizeof title, "%s（%s、%s）", t->res.name, dx__report_mode_label(m->lang, t->res.mode),
             t->res.menu);
    s->heading(s, 3, title);
    const char *h[24];
    char ylab[24][32];
    h[0] = "No.";
    h[1] = LANG("経費項目", "item");
    h[2] = LANG("区分", "category");
    h[3] = LANG("対象/対象外", "eligible");
    h[4] = LANG("判定ルール", "deciding rule");
    h[5] = LANG("税抜（千円）", "excl. tax (kJPY)");
    h[6] = LANG("消費税（千円）", "tax (kJPY)");
    h[7] = LANG("税込（千円）", "incl. tax (kJPY)");
    for (size_t y = 0; y < ny; y++)
        h[8 + y] = dx__report_year_label(ylab[y], sizeof ylab[y], m->lang, m->sc.first_fiscal_year, y);
    s->table(s, nc, h);
    /* subtotals: 0 対象, 1 対象外, 2 要確認 (verify-flagged), 3 total, 4 条件付き: an
     * unleasable purchase awaiting MIC's consent (rule "…/unleasable_with_reason", the
     * test compare.c's approved() applies) is not approved eligible money: its own
     * subtotal, so that 補助対象経費 小計 equals the summary's 補助対象 */
    double sub[5][3 + DX_REPORT_MAX_YEARS];
    memset(sub, 0, sizeof sub);
    for (size_t k = 0; k < t->n_items; k++) {
        const dx_report_item *it = &t->items[k];
        cells c;
        const char *row[24];
        snprintf(c.s[0], 64, "%zu", k + 1);
        row[0] = c.s[0];
        char nm[3 * DX_REPORT_TEXT_MAX];
        row[1] = dx__report_phrase(m->lang, it->name, nm, sizeof nm);
        /* a leased or subscribed item is a rental, whatever its category (an
         * edge server "equipment" leased read 機器購入費 under ②'s no-purchase rule) */
        row[2] = dx__report_category_label(
            m->lang, !strcmp(it->procurement, "lease") ? "lease"
                     : !strcmp(it->procurement, "subscription") && !strcmp(it->category, "equipment")
                         ? "subscription"
                         : it->category);
        int cond = it->eligible == 1 && dx__rule_is_conditional(it->rule);
        row[3] = it->eligible < 0 ? "-"
                 : cond          ? LANG("条件付き", "conditional")
                 : it->eligible  ? LANG("対象", "eligible")
                                 : LANG("対象外", "not eligible");
        row[4] = it->eligible < 0 ? "-" : it->rule;
        row[5] = dx__report_kyen(c.s[1], 64, it->cost_tax_excluded_jpy);
        row[6] = dx__report_kyen(c.s[2], 64, it->consumption_tax_jpy);
        row[7] = dx__report_kyen(c.s[3], 64, it->cost_jpy);
        for (size_t y = 0; y < ny; y++)
            row[8 + y] = dx__report_kyen(c.s[4 + y], 64, it->per_year_jpy[y]);
        s->row(s, nc, row, 0);
        int g[3] = {cond ? 4 : it->eligible == 1 ? 0 : 1, it->verify ? 2 : -1, 3};
        for (int q = 0; q < 3; q++) {
            if (g[q] < 0)
                continue;
            sub[g[q]][0] += it->cost_tax_excluded_jpy;
            sub[g[q]][1] += it->consumption_tax_jpy;
            sub[g[q]][2] += it->cost_jpy;
            for (size_t y = 0; y < ny; y++)
                sub[g[q]][3 + y] += it->per_year_jpy[y];
        }
    }
    const char *names[5] = {LANG("補助対象経費 小計", "eligible subtotal"),
                            LANG("補助対象外経費 小計", "not eligible subtotal"),
                            /* not a part of the row above: the rows to verify, eligible or not */
                            LANG("要確認の項目の計（対象・対象外とも、内数）",
                                 "items to verify, eligible or not (included above)"),
                            LANG("合計", "total"),
                            LANG("条件付き（総務省の了解待ち）小計", "conditional subtotal (awaiting MIC's consent)")};
    static const int order[5] = {0, 1, 4, 2, 3};
    for (int o = 0; o < 5; o++) {
        int q = order[o];
        if (q == 4 && sub[4][2] == 0)
            continue;
        cells c;
        const char *row[24] = {"", names[q], "", "", ""};
        for (size_t k = 0; k < 3 + ny; k++)
            row[5 + k] = dx__report_kyen(c.s[k], 64, sub[q][k]);
        s->row(s, nc, row, 1);
    }
    s->table_end(s);
    for (size_t k = 0; k < t->n_items; k++)
        if (t->items[k].eligible >= 0 && t->items[k].reason[0]) {
            char nm[3 * DX_REPORT_TEXT_MAX];
            bullet_f(s, "%zu. %s — %s", k + 1, dx__report_phrase(m->lang, t->items[k].name, nm, sizeof nm),
                     dx__report_phrase(m->lang, t->items[k].reason, ph, sizeof ph));
        }
}

static void breakdowns(dx__report_sink *s)
{
    const dx__report_model *m = s->m;
    s->heading(s, 2, LANG("経費内訳", "Cost breakdown (経費内訳)"));
    s->para(s, LANG("項目ごとに補助対象/対象外と判定したルール、税抜・消費税（10 %）・税込を千円単位（四捨五入）で示し、"
                    "年度列は税込の支出年度（4月〜3月）。見積書で置き換えてください。",
                    "Per item: eligible or not with the deciding rule; tax excluded, consumption tax (10 %) and "
                    "tax included in thousand JPY (rounded); one column per fiscal year (April-March), tax "
                    "included. Replace with quotations."));
    for (size_t i = 0; i < m->n; i++)
        breakdown(s, &m->t[i]);
}

/* ---- 補助金と負担 (issue 10) ---------------------------------------------------------- */
/* The proposal's money per technology: the total cost (the ministry's money,
 * the ranking's basis unless the scenario ranks by burden), eligible and
 * subsidy with and without tax, the burden, what is only conditional
 * (unleasable purchases awaiting MIC's consent) and what is to verify
 * (licence-related labour), the running cost after the period, the
 * commitment after the horizon and the cost of one more town (横展開); then
 * booked vs yearly fees side by side when the scenario asks. */
static void money(dx__report_sink *s)
{
    const dx__report_model *m = s->m;
    if (!m->n || !strcmp(m->sc.menu, "none"))
        return;
    s->heading(s, 2, LANG("補助金と申請者負担", "Subsidy and the applicant's burden"));
    if (strncmp(m->sc.menu, "r7-2", 4) == 0) /* ② is a contract, not a grant */
        s->para(s, LANG("② 実証事業は総務省の請負（定額）であり補助金ではありません。本報告書の「補助対象」は実証の"
                        "対象経費、「補助額」は国費（請負額）、「申請者負担」は実施者が負担する額（実証期間外の経費など）を指します。",
                        "② demonstrations are MIC contracts (fixed amount), not grants: in this report "
                        "'eligible' means the demonstration's eligible cost, 'subsidy' the state's payment "
                        "(contract amount) and 'burden' what the implementer pays (costs outside the "
                        "demonstration period and the like)."));
    /* the ② demonstrations' rules (conditional purchases, 免許関係諸費用) said
     * only under ②; ③ buys at 1/2 and books multi-year fees by ※3 */
    const int demo = strncmp(m->sc.menu, "r7-2", 4) == 0;
    para_f(s,
           demo ? LANG("千円・税込（税抜は括弧内）。順位付けの基準: %s。条件付き対象（リースできない物品の購入。"
                       "総務省の承認を得た場合のみ対象）は補助対象・補助額に含めず別掲。免許関係の人件費は"
                       "免許関係諸費用（②-1 対象外経費）に当たる可能性があるため要確認として別掲（補助対象には含む）。",
                       "Thousand JPY, tax included (tax excluded in brackets). Ranking basis: %s. Conditional items "
                       "(purchases that cannot be leased, eligible only once MIC consents) are not in the eligible "
                       "cost or the subsidy: shown apart. Labour for the radio licence may be 免許関係諸費用 "
                       "(②-1 対象外経費): counted as eligible, shown apart to verify.")
                : LANG("千円・税込（税抜は括弧内）。順位付けの基準: %s。",
                       "Thousand JPY, tax included (tax excluded in brackets). Ranking basis: %s."),
           m->sc.rank_by_burden
               ? LANG("申請者負担（<programme rank_by=\"burden\">）", "the applicant's burden (<programme rank_by=\"burden\">)")
               : LANG("総事業費（国の費用対効果の判断基準。負担は参考）",
                      "the total project cost (what cost-effectiveness is judged on; the burden is shown too)"));
    const char *h[] = {LANG("技術", "technology"), LANG("総事業費", "total cost"),
                       LANG("補助対象 税込（税抜）", "eligible incl. (excl.) tax"),
                       LANG("補助額 税込（税抜）", "subsidy incl. (excl.) tax"),
                       LANG("申請者負担", "burden"), LANG("条件付き対象 / 補助額", "conditional eligible / subsidy"),
                       LANG("免許関係人件費（要確認）", "licence labour (verify)"),
                       LANG("期間後の運用費 /年", "running cost per year after the period"),
                       LANG("評価期間後の残契約", "commitment after the horizon"),
                       LANG("横展開（もう1自治体）", "one more town (横展開)")};
    s->table(s, N(h), h);
    for (size_t i = 0; i < m->n; i++) {
        const dx_tech_result *r = &m->t[i].res;
        cells c;
        char el[140], sub[140], cond[140];
        snprintf(el, sizeof el, "%s (%s)", dx__report_kyen(c.s[0], 64, r->eligible_jpy),
                 dx__report_kyen(c.s[1], 64, r->eligible_tax_excluded_jpy));
        snprintf(sub, sizeof sub, "%s (%s)", dx__report_kyen(c.s[2], 64, r->subsidy_jpy),
                 dx__report_kyen(c.s[3], 64, r->subsidy_tax_excluded_jpy));
        snprintf(cond, sizeof cond, "%s / %s", dx__report_kyen(c.s[4], 64, r->conditional_eligible_jpy),
                 dx__report_kyen(c.s[5], 64, r->conditional_subsidy_jpy));
        const char *row[] = {r->name, dx__report_kyen(c.s[6], 64, r->cost_jpy[r->mode]), el, sub,
                             dx__report_kyen(c.s[7], 64, r->net_cost_jpy), cond,
                             dx__report_kyen(c.s[8], 64, r->licence_labour_verify_jpy),
                             dx__report_kyen(c.s[9], 64, r->running_cost_jpy_per_year),
                             dx__report_kyen(c.s[10], 64, r->commitment_jpy),
                             dx__report_kyen(c.s[11], 64, r->repeat_cost_jpy)};
        s->row(s, N(row), row, i == 0);
    }
    s->table_end(s);
    s->para(s, LANG("期間後の運用費は実証・補助期間の翌年度から申請者（又は運用主体）が負担する年額。"
                    "横展開は同じ設計をもう1自治体で繰り返す費用（調査・設計など一度きりの人件費を除く、ASSUMED）。",
                    "The running cost after the period is paid by the applicant (or the operator) from the next "
                    "fiscal year. One more town: the same design repeated elsewhere, without one-off "
                    "project-level labour (survey, design; ASSUMED)."));
    int any_booking = 0;
    for (size_t i = 0; i < m->n; i++)
        any_booking |= m->t[i].res.booking_compared;
    if (!any_booking)
        return;
    s->heading(s, 3, LANG("クラウド・レンタル料: 初年度一括計上と毎年払いの比較",
                          "Cloud and rental fees: booked in year one vs paid yearly"));
    s->para(s, LANG("③ ※3: 複数年度分を初年度に一括計上できる場合に限り5か年分を上限に補助対象。"
                    "毎年払いでは補助年度内の月だけが対象（総務省説明資料 令和7年度、公募要領で確認）。",
                    "MIC ③ note 3: fees for several years are eligible (up to 5 years) only when booked in the first "
                    "year; paid yearly, only the months inside the grant fiscal year count (FY2025 briefing; verify "
                    "in the call guidelines)."));
    const char *hb[] = {LANG("技術", "technology"), LANG("総事業費", "total cost"),
                        LANG("一括: 補助対象", "booked: eligible"), LANG("一括: 補助額", "booked: subsidy"),
                        LANG("一括: 負担", "booked: burden"), LANG("毎年: 補助対象", "yearly: eligible"),
                        LANG("毎年: 補助額", "yearly: subsidy"), LANG("毎年: 負担", "yearly: burden"),
                        LANG("補助額の差（一括−毎年）", "subsidy difference (booked − yearly)")};
    s->table(s, N(hb), hb);
    for (size_t i = 0; i < m->n; i++) {
        const dx_tech_result *r = &m->t[i].res;
        if (!r->booking_compared)
            continue;
        cells c;
        const char *row[] = {r->name, dx__report_kyen(c.s[0], 64, r->booked_cost_jpy),
                             dx__report_kyen(c.s[1], 64, r->booked_eligible_jpy),
                             dx__report_kyen(c.s[2], 64, r->booked_subsidy_jpy),
                             dx__report_kyen(c.s[3], 64, r->booked_net_cost_jpy),
                             dx__report_kyen(c.s[4], 64, r->yearly_eligible_jpy),
                             dx__report_kyen(c.s[5], 64, r->yearly_subsidy_jpy),
                             dx__report_kyen(c.s[6], 64, r->yearly_net_cost_jpy),
                             dx__report_kyen(c.s[7], 64, r->booking_subsidy_difference_jpy)};
        s->row(s, N(row), row, 0);
    }
    s->table_end(s);
}

/* ---- 費用対効果 -------------------------------------------------------------------- */
static void effectiveness(dx__report_sink *s)
{
    const dx__report_model *m = s->m;
    s->heading(s, 2, LANG("費用対効果", "Cost-effectiveness (費用対効果)"));
    s->para(s, LANG("B/C（国土交通省の費用便益分析の考え方）= 便益の現在価値 ÷ 総事業費の現在価値。申請者から見た B/C は"
                    "補助額を差し引いた負担の現在価値で割ったもの（参考、別欄）。単価は総事業費ベース。運用費は実証期間後の年額（税込）。"
                    "P10/P50/P90 は不確実性のあるシナリオのモンテカルロ試行による（要件を満たさない試行は B/C 0）。"
                    "便益又は分布がなければ「-」。円/(Mbit/s) は需要 1 Mbit/s 以上の設計のみ（仮定 ASSUMED: センサー網は円/台で比較）。",
                    "B/C (MLIT basis) = PV(benefits from service start) / PV(total project cost); the applicant's "
                    "view divides by the PV of its burden after the subsidy. Per-unit costs on the total cost. "
                    "Running cost: recurring charges per year after the period (tax incl.). "
                    "P10/P50/P90 over the Monte Carlo draws when the scenario is uncertain (an infeasible "
                    "draw counts B/C 0); '-' without distributions or without benefits. JPY per Mbit/s only "
                    "for an offered load of 1 Mbit/s or more (ASSUMED: sensor networks compare per device)."));
    const char *h[] = {LANG("技術", "technology"), LANG("B/C（国交省基準）", "B/C (MLIT)"),
                       LANG("B/C（申請者）", "B/C (applicant)"), LANG("円/台", "JPY/device"),
                       LANG("円/km²", "JPY/km²"), LANG("円/(Mbit/s)", "JPY per Mbit/s"),
                       LANG("運用費 円/年（期間後）", "running JPY/year after the period"),
                       LANG("B/C（国交省）P10/P50/P90", "B/C (MLIT) P10/P50/P90"),
                       LANG("負担 P10/P50/P90（千円）", "net cost P10/P50/P90 (kJPY)")};
    s->table(s, N(h), h);
    for (size_t i = 0; i < m->n; i++) {
        const dx_tech_result *r = &m->t[i].res;
        cells c;
        char band[200];
        if (isfinite(r->net_cost_p50_jpy))
            snprintf(band, sizeof band, "%s / %s / %s", dx__report_kyen(c.s[6], 64, r->net_cost_p10_jpy),
                     dx__report_kyen(c.s[7], 64, r->net_cost_p50_jpy), dx__report_kyen(c.s[8], 64, r->net_cost_p90_jpy));
        else
            snprintf(band, sizeof band, "-");
        char bc_band[200];
        if (isfinite(r->benefit_cost_p50_ratio))
            snprintf(bc_band, sizeof bc_band, "%s / %s / %s", dx__report_num(c.s[9], 64, r->benefit_cost_p10_ratio, 3),
                     dx__report_num(c.s[10], 64, r->benefit_cost_p50_ratio, 3),
                     dx__report_num(c.s[11], 64, r->benefit_cost_p90_ratio, 3));
        else
            snprintf(bc_band, sizeof bc_band, "-");
        const char *row[] = {r->name, dx__report_num(c.s[0], 64, r->benefit_cost_ratio, 3),
                             dx__report_num(c.s[1], 64, r->benefit_cost_applicant_ratio, 3),
                             dx__report_yen(c.s[2], 64, r->cost_per_device_jpy),
                             dx__report_yen(c.s[3], 64, r->cost_per_km2_jpy),
                             dx__report_yen(c.s[4], 64, r->cost_per_mbps_jpy),
                             dx__report_yen(c.s[5], 64, r->running_cost_jpy_per_year), bc_band, band};
        s->row(s, N(row), row, 0);
    }
    s->table_end(s);
    if (s->figure)
        s->figure(s, DX__FIG_BANDS, 0);
    if (m->unc.draws) {
        char a[48];
        para_f(s, LANG("不確実性: %zu 回のモンテカルロ試行（シード %lu）。", "Uncertainty: %zu seeded Monte Carlo draws (seed %lu)."),
               m->unc.draws, m->unc.seed);
        if (isfinite(m->unc.p_first_cheaper_ratio) && m->n > 1)
            para_f(s, LANG("%s が %s より安くなる確率: %s", "Probability that %s is cheaper than %s: %s"),
                   m->t[0].res.name, m->t[1].res.name, dx__report_pct(a, sizeof a, m->unc.p_first_cheaper_ratio));
        if (m->unc.n_tornado) {
            const char *th[] = {LANG("入力", "input"), LANG("P10 時（千円）", "at P10 (kJPY)"),
                                LANG("P90 時（千円）", "at P90 (kJPY)"), LANG("振れ幅", "swing")};
            s->table(s, 4, th);
            for (size_t k = 0; k < m->unc.n_tornado; k++) {
                cells c;
                const char *row[] = {m->unc.tornado[k].input, dx__report_kyen(c.s[0], 64, m->unc.tornado[k].low_jpy),
                                     dx__report_kyen(c.s[1], 64, m->unc.tornado[k].high_jpy),
                                     dx__report_kyen(c.s[2], 64, fabs(m->unc.tornado[k].high_jpy - m->unc.tornado[k].low_jpy))};
                s->row(s, 4, row, 0);
            }
            s->table_end(s);
            if (s->figure)
                s->figure(s, DX__FIG_TORNADO, 0);
        }
    }
}

/* ---- purchase vs lease vs subscription --------------------------------------------- */
static void procurement(dx__report_sink *s)
{
    const dx__report_model *m = s->m;
    s->heading(s, 2, LANG("購入・リース・サブスクリプションの比較", "Purchase vs lease vs subscription"));
    if (strncmp(m->sc.menu, "r7-2", 4) == 0)
        s->para(s, LANG("②-1 など実証型のメニューでは機器の購入は原則として補助対象外で、リース又はサービス利用で調達します"
                        "（例外: 税込10万円未満の物品、耐用年数1年未満の物品、リースできない物品。docs/domain-japan.md §5、"
                        "公募要領・実施要領で確認してください）。",
                        "In demonstration menus such as ②-1, buying equipment is generally not eligible, so it is leased "
                        "or used as a service (exceptions: items under 100,000 JPY tax included, a useful life under "
                        "one year, items that cannot be leased; docs/domain-japan.md §5 — verify in the call guidelines)."));
    else if (strcmp(m->sc.menu, "r7-3") == 0)
        s->para(s, LANG("③ 補助事業では機器の購入も補助対象（補助率 1/2）。通信装置レンタル料・クラウドサービス利用料は、"
                        "複数年度分を初年度に一括して費用計上できる場合に限り5か年分を上限に補助対象（説明資料 ③ ※3）。",
                        "Under ③ buying equipment is eligible (1/2). Rental and cloud fees are eligible for up to five "
                        "years only when the years are booked together in the first year (briefing ③ ※3)."));
    double term = m->sc.horizon_years < 3 ? 3 : m->sc.horizon_years > 7 ? 7 : m->sc.horizon_years;
    double f = NAN;
    char a[48], b2[48];
    if (dx_cost_lease_rate_factor_ratio(term, &f) == DX_OK)
        para_f(s, LANG("月額リース料率: %s 年リースで %s（公的リース制度の標準料率表、INDICATIVE。3年 2.944 %% 〜 7年 1.288 %%）。"
                       "リース期間後の再リースは年1か月分のリース料が目安です。",
                       "Monthly lease-rate factor: %s-year lease at %s (a public lease scheme's standard table, "
                       "INDICATIVE; 3 y 2.944 %% to 7 y 1.288 %%). Re-leasing after the term costs about one "
                       "month's fee per year."),
               dx__report_num(a, sizeof a, term, 3), dx__report_pct(b2, sizeof b2, f));
    const char *h[] = {LANG("技術", "technology"), LANG("購入（千円）", "purchase (kJPY)"),
                       LANG("リース（千円）", "lease (kJPY)"), LANG("サブスク（千円）", "subscription (kJPY)"),
                       LANG("購入 現在価値", "purchase PV"), LANG("リース 現在価値", "lease PV"),
                       LANG("期間後の運用費 千円/年", "after the period kJPY/year"),
                       LANG("評価期間後の残契約（千円）", "commitment beyond the horizon (kJPY)")};
    s->table(s, N(h), h);
    for (size_t i = 0; i < m->n; i++) {
        const dx_tech_result *r = &m->t[i].res;
        cells c;
        const char *row[] = {r->name,
                             r->mode_available[0] ? dx__report_kyen(c.s[0], 64, r->cost_jpy[0]) : "-",
                             r->mode_available[1] ? dx__report_kyen(c.s[1], 64, r->cost_jpy[1]) : "-",
                             r->mode_available[2] ? dx__report_kyen(c.s[2], 64, r->cost_jpy[2]) : "-",
                             dx__report_kyen(c.s[3], 64, r->npv_cost_jpy[0]),
                             dx__report_kyen(c.s[4], 64, r->npv_cost_jpy[1]),
                             dx__report_kyen(c.s[5], 64, r->running_cost_jpy_per_year),
                             dx__report_kyen(c.s[6], 64, r->commitment_jpy)};
        s->row(s, N(row), row, 0);
    }
    s->table_end(s);
    if (s->figure && m->n)
        s->figure(s, DX__FIG_CUMULATIVE, 0);
}

/* ---- routes -------------------------------------------------------------------------- */
static void routes(dx__report_sink *s)
{
    const dx__report_model *m = s->m;
    if (!m->sc.n_routes)
        return;
    s->heading(s, 2, LANG("ルート", "Routes"));
    const char *h[] = {LANG("技術", "technology"), LANG("ルート", "route"), LANG("延長 m", "length m"),
                       LANG("ハンドオーバ", "handovers"), LANG("圏外区間", "outage segments"),
                       LANG("圏外延長 m", "outage m"), LANG("上り維持", "uplink sustained")};
    s->table(s, N(h), h);
    for (size_t i = 0; i < m->n; i++)
        for (size_t k = 0; k < m->t[i].n_routes; k++) {
            const dx_coverage_route_summary *rs = &m->t[i].routes[k].summary;
            cells c;
            snprintf(c.s[1], 64, "%zu", rs->n_handovers);
            snprintf(c.s[2], 64, "%zu", rs->n_outage_segments);
            const char *row[] = {m->t[i].res.name, m->t[i].routes[k].name,
                                 dx__report_num(c.s[0], 64, rs->length_m, 6), c.s[1], c.s[2],
                                 dx__report_num(c.s[3], 64, rs->outage_length_m, 6),
                                 rs->ul_sustained ? LANG("○", "yes") : LANG("×", "no")};
            s->row(s, N(row), row, 0);
        }
    s->table_end(s);
}

/* ---- assumptions ----------------------------------------------------------------------- */
static void assumptions(dx__report_sink *s)
{
    const dx__report_model *m = s->m;
    s->heading(s, 2, LANG("前提条件と参考値（見積書で置き換えてください）",
                          "Assumptions and indicative values to replace with quotations"));
    s->para(s, LANG("以下は今回の計算に使った INDICATIVE（参考値）・ASSUMED（仮定）・UNVERIFIED（未確認）の値です"
                    "（docs/domain-japan.md §0）。見積書で置き換えてください。",
                    "Every value below is INDICATIVE, ASSUMED or UNVERIFIED (docs/domain-japan.md §0) and "
                    "was used by the results above: replace with a quotation."));
    const char *h[] = {LANG("対象", "subject"), LANG("項目", "value of"), LANG("値", "value"),
                       LANG("区分", "class"), LANG("出典", "source")};
    s->table(s, N(h), h);
    for (size_t k = 0; k < m->n_assump; k++) {
        const dx_report_assumption *a = &m->assump[k];
        char kp[DX_COST_NAME_MAX + 64], vp[256], sp[DX_REPORT_TEXT_MAX + 256];
        const char *row[] = {a->subject[0] ? a->subject : LANG("計画定数", "planning constant"),
                             dx__report_phrase(m->lang, a->key, kp, sizeof kp),
                             dx__report_phrase(m->lang, a->value, vp, sizeof vp),
                             dx__report_class_label(m->lang, a->value_class),
                             dx__report_phrase(m->lang, a->source, sp, sizeof sp)};
        s->row(s, N(row), row, 0);
    }
    s->table_end(s);
    s->para(s, LANG("補助事業の規則は総務省説明資料の令和7年度（FY2025）のものです（docs/mic-briefing-2025.txt）。"
                    "申請年度の公募要領・実施要領で確認してください。",
                    "Programme rules are the FY2025 (R7) rules of the MIC briefing (docs/mic-briefing-2025.txt); "
                    "verify against the call guidelines (公募要領 / 実施要領) of the year you apply in."));
}

dx_status dx__report_doc(dx__report_sink *s)
{
    const dx__report_model *m = s->m;
    char t[400];
    snprintf(t, sizeof t, "%s%s", LANG("技術比較報告: ", "Technology comparison: "), m->sc.title);
    s->heading(s, 1, t);
    para_f(s, LANG("libdxsim %s により生成。", "Generated by libdxsim %s."), dx_version_string());
    scenario(s);
    comparison(s);
    if (s->figure && m->n)
        s->figure(s, DX__FIG_MAP, 0);
    breakdowns(s);
    money(s);
    effectiveness(s);
    procurement(s);
    routes(s);
    assumptions(s);
    return s->status;
}
