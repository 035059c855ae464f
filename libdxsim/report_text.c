/* Shared by every report renderer: escapers (Markdown table cells, HTML, JSON,
 * CSV), UTF-8 clean copies, locale-free numbers in Japanese and English
 * conventions (千円, 令和 fiscal years), and the labels of both languages. */
#include "report_internal.h"

#include <stdio.h>
#include <string.h>

/* Length of the valid UTF-8 sequence at p (1..4), or 0 when it is invalid or
 * cut short (overlong forms and surrogates are invalid too). */
static int utf8_len(const unsigned char *p)
{
    unsigned c = p[0];
    int n;
    unsigned min;
    if (c < 0x80)
        return 1;
    else if ((c & 0xE0) == 0xC0)
        n = 2, min = 0x80;
    else if ((c & 0xF0) == 0xE0)
        n = 3, min = 0x800;
    else if ((c & 0xF8) == 0xF0)
        n = 4, min = 0x10000;
    else
        return 0;
    unsigned cp = c & (0x7Fu >> n);
    for (int i = 1; i < n; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (p[i] & 0x3Fu);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return n;
}

void dx__report_utf8_copy(char *dst, size_t cap, const char *src)
{
    if (!cap)
        return;
    size_t o = 0;
    const unsigned char *p = (const unsigned char *)(src ? src : "");
    while (*p) {
        int n = utf8_len(p);
        if (n == 0) { /* a broken byte: dropped */
            p++;
            continue;
        }
        if (o + (size_t)n >= cap)
            break; /* a whole character or nothing */
        memmove(dst + o, p, (size_t)n); /* dst may be src (in-place clean-up) */
        o += (size_t)n;
        p += n;
    }
    dst[o] = '\0';
}

/* Walk the valid characters of s; one-byte ones go through esc (which returns
 * the replacement or NULL to keep the byte). */
static void escape(dx__buf *b, const char *s, const char *(*esc)(unsigned char c, char tmp[8]))
{
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    char run[256];
    size_t r = 0;
    while (*p) {
        int n = utf8_len(p);
        if (n == 0) {
            p++;
            continue;
        }
        char tmp[8];
        const char *rep = n == 1 ? esc(*p, tmp) : NULL;
        size_t need = rep ? strlen(rep) : (size_t)n;
        if (r + need + 1 > sizeof run) {
            run[r] = 0;
            dx__buf_append(b, run);
            r = 0;
        }
        memcpy(run + r, rep ? rep : (const char *)p, need);
        r += need;
        p += n;
    }
    run[r] = 0;
    dx__buf_append(b, run);
}

static const char *esc_md(unsigned char c, char tmp[8])
{
    (void)tmp;
    switch (c) {
    case '|': return "\\|";
    case '\\': return "\\\\";
    case '\n': return "<br>";
    case '\r': return " ";
    case '\t': return " ";
    case '<': return "&lt;";
    case '>': return "&gt;";
    case '&': return "&amp;";
    case '`': return "\\`";
    case '*': return "\\*";
    case '_': return "\\_";
    default: return c < 0x20 ? " " : NULL;
    }
}

static const char *esc_html(unsigned char c, char tmp[8])
{
    (void)tmp;
    switch (c) {
    case '&': return "&amp;";
    case '<': return "&lt;";
    case '>': return "&gt;";
    case '"': return "&quot;";
    case '\'': return "&#39;";
    default: return c < 0x20 && c != '\n' && c != '\t' ? " " : NULL;
    }
}

static const char *esc_json(unsigned char c, char tmp[8])
{
    switch (c) {
    case '"': return "\\\"";
    case '\\': return "\\\\";
    case '\n': return "\\n";
    case '\r': return "\\r";
    case '\t': return "\\t";
    case '<': return "\\u003c"; /* safe inside an HTML <script> too */
    default:
        if (c < 0x20 || c == 0x7F) {
            snprintf(tmp, 8, "\\u%04x", c);
            return tmp;
        }
        return NULL;
    }
}

static const char *esc_csv(unsigned char c, char tmp[8])
{
    (void)tmp;
    return c == '"' ? "\"\"" : NULL;
}

void dx__report_md(dx__buf *b, const char *s) { escape(b, s, esc_md); }
void dx__report_html(dx__buf *b, const char *s) { escape(b, s, esc_html); }

void dx__report_json(dx__buf *b, const char *s)
{
    dx__buf_append(b, "\"");
    escape(b, s, esc_json);
    dx__buf_append(b, "\"");
}

void dx__report_csv(dx__buf *b, const char *s)
{
    dx__buf_append(b, "\"");
    escape(b, s, esc_csv);
    dx__buf_append(b, "\"");
}

void dx__report_json_num(dx__buf *b, double v)
{
    char t[40];
    if (!isfinite(v)) {
        dx__buf_append(b, "null");
        return;
    }
    dx__format_double(t, sizeof t, v, 12);
    dx__buf_append(b, t);
}

void dx__report_csv_num(dx__buf *b, double v, int digits)
{
    char t[40];
    if (isfinite(v)) {
        dx__format_double(t, sizeof t, v, digits);
        dx__buf_append(b, t);
    }
}

/* Whole units with thousands separators: 1256920 -> "1,256,920". */
static const char *grouped(char *buf, size_t cap, double v)
{
    if (!isfinite(v)) {
        snprintf(buf, cap, "-");
        return buf;
    }
    char digits[48];
    double a = fabs(v);
    if (a < 0.5)
        a = 0; /* floating-point residue (cost − subsidy), not money */
    snprintf(digits, sizeof digits, "%.0f", a); /* %.0f has no decimal point: locale-free */
    size_t n = strlen(digits), o = 0;
    if (v < 0 && a > 0 && o + 1 < cap)
        buf[o++] = '-';
    for (size_t i = 0; i < n && o + 2 < cap; i++) {
        if (i && (n - i) % 3 == 0)
            buf[o++] = ',';
        buf[o++] = digits[i];
    }
    buf[o] = '\0';
    return buf;
}

const char *dx__report_yen(char *buf, size_t cap, double jpy) { return grouped(buf, cap, jpy); }

/* 千円, rounded half away from zero as the ministry's forms are filled in. */
const char *dx__report_kyen(char *buf, size_t cap, double jpy)
{
    return grouped(buf, cap, isfinite(jpy) ? round(jpy / 1e3) : jpy);
}

const char *dx__report_myen(char *buf, size_t cap, double jpy)
{
    if (!isfinite(jpy)) {
        snprintf(buf, cap, "-");
        return buf;
    }
    if (fabs(jpy) < 0.5)
        jpy = 0;
    dx__format_double(buf, cap, jpy / 1e6, 4);
    return buf;
}

const char *dx__report_num(char *buf, size_t cap, double v, int digits)
{
    if (!isfinite(v)) {
        snprintf(buf, cap, isnan(v) ? "-" : v > 0 ? "inf" : "-inf");
        return buf;
    }
    /* A proposal reader sees "14,350 Mbit/s", not "1.435e+04": from 10^4 to
     * 10^15 the value rounded to its significant digits with thousands
     * separators (as the yen columns); below, the shortest form as before. */
    double a = fabs(v);
    if (a >= 1e4 && a < 1e15 && digits > 0) {
        double scale = pow(10.0, floor(log10(a)) + 1 - digits);
        return grouped(buf, cap, round(v / scale) * scale);
    }
    dx__format_double(buf, cap, v, digits);
    return buf;
}

const char *dx__report_pct(char *buf, size_t cap, double ratio)
{
    if (!isfinite(ratio)) {
        snprintf(buf, cap, "-");
        return buf;
    }
    char tmp[32];
    dx__format_double(tmp, sizeof tmp, 100.0 * ratio, 3);
    snprintf(buf, cap, "%s %%", tmp);
    return buf;
}

/* Reiwa 1 began on 2019-05-01; the fiscal year starting in April 2019 is
 * 令和元年度, so FY y is 令和 (y − 2018) 年度 (FY2025 = 令和7年度). */
const char *dx__report_year_label(char *buf, size_t cap, dx_report_lang lang, int fy0, size_t y)
{
    if (fy0 <= 0) {
        if (lang == DX_REPORT_LANG_JA)
            snprintf(buf, cap, "%zu年目", y + 1);
        else
            snprintf(buf, cap, "Y%zu", y + 1);
        return buf;
    }
    int fy = fy0 + (int)y;
    if (lang == DX_REPORT_LANG_JA) {
        if (fy == 2019)
            snprintf(buf, cap, "令和元年度");
        else if (fy > 2019)
            snprintf(buf, cap, "令和%d年度", fy - 2018);
        else
            snprintf(buf, cap, "平成%d年度", fy - 1988);
    } else {
        snprintf(buf, cap, "FY%d", fy);
    }
    return buf;
}

const char *dx__report_mode_label(dx_report_lang lang, int mode)
{
    static const char *ja[] = {"購入", "リース", "サブスクリプション"};
    static const char *en[] = {"purchase", "lease", "subscription"};
    if (mode < 0 || mode >= DX_COMPARE_N_MODES)
        return "-";
    return lang == DX_REPORT_LANG_JA ? ja[mode] : en[mode];
}

/* A scenario key (menu, applicant type, environment) as the report names it: the
 * Japanese report gives the briefing's own name, never the XML key (a proposal
 * copies this text); the English report keeps the key. Unknown keys pass through. */
const char *dx__report_key_label(dx_report_lang lang, const char *kind, const char *key)
{
    static const char *const t[][3] = {
        /* briefing (mic-briefing-2025.txt) headings of each menu */
        {"menu", "none", "なし（補助事業を評価しない）"},
        {"menu", "r7-1-1", "①-1 計画策定支援（r7-1-1）"},
        {"menu", "r7-1-2", "①-2 推進体制構築支援（r7-1-2）"},
        {"menu", "r7-1-3", "①-3 地域情報化アドバイザー派遣（r7-1-3）"},
        {"menu", "r7-2-1", "②-1 先進無線システム活用タイプ（実証、r7-2-1）"},
        {"menu", "r7-2-2", "②-2 AI検証タイプ（実証、r7-2-2）"},
        {"menu", "r7-2-3", "②-3 自動運転レベル4検証タイプ（実証、r7-2-3）"},
        {"menu", "r7-3", "③ 地域のデジタル基盤の整備支援（補助事業、r7-3）"},
        {"applicant", "municipality", "市区町村"},
        {"applicant", "prefecture", "都道府県"},
        {"applicant", "company", "企業"},
        {"applicant", "nonprofit", "非営利法人・団体"},
        {"applicant", "gov-funded-corporation", "地方公共団体が出資する法人"},
        {"environment", "rural", "農山村・郊外の開けた地域"},
        {"environment", "suburban", "郊外"},
        {"environment", "urban", "市街地"},
        {"environment", "indoor-office", "屋内（事務所・施設）"},
        {"environment", "indoor-factory", "屋内（工場）"}};
    if (lang != DX_REPORT_LANG_JA)
        return key;
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        if (!strcmp(kind, t[i][0]) && !strcmp(key, t[i][1]))
            return t[i][2];
    return key;
}

const char *dx__report_category_label(dx_report_lang lang, const char *c)
{
    static const struct {
        const char *key, *ja;
    } t[] = {{"equipment", "機器購入費"},
             {"software", "ソフトウェア費"},
             {"lease", "リース料"},
             {"subscription", "サービス利用料"},
             {"cloud", "クラウド利用料"},
             {"labour", "人件費・役務費"},
             {"communications", "通信運搬費"},
             {"utilities", "光熱水費"},
             {"travel", "旅費"},
             {"construction", "工事費"},
             {"licence-application-fee", "免許申請手数料"},
             {"radio-usage-fee", "電波利用料"},
             {"other", "その他"}};
    if (lang != DX_REPORT_LANG_JA)
        return c;
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        if (!strcmp(c, t[i].key))
            return t[i].ja;
    return c;
}

const char *dx__report_class_label(dx_report_lang lang, const char *v)
{
    if (lang != DX_REPORT_LANG_JA)
        return v;
    if (!strcmp(v, "FIRM"))
        return "確定 (FIRM)";
    if (!strcmp(v, "INDICATIVE"))
        return "参考値 (INDICATIVE)";
    if (!strcmp(v, "ASSUMED"))
        return "仮定 (ASSUMED)";
    if (!strcmp(v, "UNVERIFIED"))
        return "未確認 (UNVERIFIED)";
    return v;
}
