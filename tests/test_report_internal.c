/* The report's shared text helpers (report_text.c) and the report accessors
 * (compare.h, "Report model") on the built-in demo (internal build).
 * Published facts used: the Reiwa era began on 2019-05-01, so the fiscal year
 * from April 2019 is 令和元年度 and FY2025 is 令和7年度 (Cabinet Office, 元号を改める
 * 政令 平成31年政令第143号); consumption tax 10 % (消費税法 art. 29 with the local
 * consumption tax, since 2019-10-01; domain-japan §5). */
#include "dx_test.h"
#include <dxsim.h>
#include "report_internal.h"

static char *text_of(void (*esc)(dx__buf *, const char *), const char *s)
{
    dx__buf b;
    dx__buf_init(&b);
    esc(&b, s);
    return dx__buf_take(&b);
}

static int valid_utf8(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        int n = *p < 0x80 ? 1 : (*p >> 5) == 6 ? 2 : (*p >> 4) == 14 ? 3 : (*p >> 3) == 30 ? 4 : 0;
        if (!n)
            return 0;
        for (int i = 1; i < n; i++)
            if ((p[i] & 0xC0) != 0x80)
                return 0;
        p += n;
    }
    return 1;
}

static void test_report__escapers_neutralise_pipes_breaks_and_markup(void **state)
{
    (void)state;
    const char *name = "中山間 | 鳥獣\n<script>\"x\"</script>";
    char *t = text_of(dx__report_md, name);
    assert_string_equal(t, "中山間 \\| 鳥獣<br>&lt;script&gt;\"x\"&lt;/script&gt;");
    dx_free(t);
    t = text_of(dx__report_html, name);
    assert_string_equal(t, "中山間 | 鳥獣\n&lt;script&gt;&quot;x&quot;&lt;/script&gt;");
    dx_free(t);
    t = text_of(dx__report_json, name);
    assert_string_equal(t, "\"中山間 | 鳥獣\\n\\u003cscript>\\\"x\\\"\\u003c/script>\"");
    dx_free(t);
    t = text_of(dx__report_csv, name);
    assert_string_equal(t, "\"中山間 | 鳥獣\n<script>\"\"x\"\"</script>\"");
    dx_free(t);
    /* a byte cut out of a character is dropped, never emitted */
    t = text_of(dx__report_md, "監視\xE3\x82");
    assert_string_equal(t, "監視");
    dx_free(t);
}

static void test_report__utf8_copy_keeps_whole_characters(void **state)
{
    (void)state;
    char buf[8]; /* room for two 3-byte characters and the NUL: never half of the third */
    dx__report_utf8_copy(buf, sizeof buf, "令和七年度");
    assert_string_equal(buf, "令和");
    dx__report_utf8_copy(buf, sizeof buf, "a\xC0\xAF" "b"); /* overlong '/' is invalid */
    assert_string_equal(buf, "ab");
    dx__report_utf8_copy(buf, sizeof buf, "\xED\xA0\x80z"); /* a UTF-16 surrogate */
    assert_string_equal(buf, "z");
}

static void test_report__reiwa_fiscal_years_and_units(void **state)
{
    (void)state;
    char b[40];
    assert_string_equal(dx__report_year_label(b, sizeof b, DX_REPORT_LANG_JA, 2025, 0), "令和7年度");
    assert_string_equal(dx__report_year_label(b, sizeof b, DX_REPORT_LANG_JA, 2018, 1), "令和元年度");
    assert_string_equal(dx__report_year_label(b, sizeof b, DX_REPORT_LANG_JA, 2018, 0), "平成30年度");
    assert_string_equal(dx__report_year_label(b, sizeof b, DX_REPORT_LANG_EN, 2025, 5), "FY2030");
    assert_string_equal(dx__report_year_label(b, sizeof b, DX_REPORT_LANG_JA, 0, 2), "3年目");
    /* 千円, half away from zero; grouped yen */
    assert_string_equal(dx__report_kyen(b, sizeof b, 1256500.0), "1,257");
    assert_string_equal(dx__report_kyen(b, sizeof b, -1256400.0), "-1,256");
    assert_string_equal(dx__report_yen(b, sizeof b, 1234567.4), "1,234,567");
    assert_string_equal(dx__report_yen(b, sizeof b, 0.3), "0");
    assert_string_equal(dx__report_pct(b, sizeof b, 0.969), "96.9 %");
    /* plain numbers: grouped from 10^4 (no "1.435e+04 Mbit/s" in a proposal),
     * rounded to their significant digits; shortest form below */
    assert_string_equal(dx__report_num(b, sizeof b, 14350.7, 4), "14,350");
    assert_string_equal(dx__report_num(b, sizeof b, 16440.0, 4), "16,440");
    assert_string_equal(dx__report_num(b, sizeof b, 143612.0, 4), "143,600");
    assert_string_equal(dx__report_num(b, sizeof b, -25000.0, 3), "-25,000");
    assert_string_equal(dx__report_num(b, sizeof b, 1571.2, 4), "1571");
    assert_string_equal(dx__report_num(b, sizeof b, 0.12, 4), "0.12");
    assert_string_equal(dx__report_num(b, sizeof b, NAN, 4), "-");
}

static void test_report__accessors_agree_with_the_results(void **state)
{
    (void)state;
    dx_scenario *sc = NULL;
    assert_int_equal(dx_scenario_demo(&sc), DX_OK);
    dx_results *r = NULL;
    assert_int_equal(dx_compare_run(sc, &r), DX_OK);
    dx_scenario_free(sc);
    dx_report_scenario s;
    assert_int_equal(dx_results_scenario(r, &s), DX_OK);
    assert_int_equal(s.first_fiscal_year, 2025); /* the demo starts on 2025-07-01 */
    assert_int_equal((int)s.n_years, 6);
    for (size_t i = 0; i < dx_results_count(r); i++) {
        dx_tech_result t;
        assert_int_equal(dx_results_get(r, i, &t), DX_OK);
        double flow[DX_REPORT_MAX_YEARS], sum[DX_REPORT_MAX_YEARS] = {0};
        assert_int_equal(dx_results_cash_flow_jpy(r, i, t.mode, s.n_years, flow), DX_OK);
        size_t n = dx_results_item_count(r, i);
        assert_true(n > 0);
        dx_report_item *it = malloc(sizeof *it);
        assert_non_null(it);
        double eligible = 0;
        for (size_t k = 0; k < n; k++) {
            assert_int_equal(dx_results_item_get(r, i, k, it), DX_OK);
            assert_true(valid_utf8(it->name) && valid_utf8(it->reason) && valid_utf8(it->source));
            /* 10 % consumption tax, none on fees of the state (電波利用料: 不課税) */
            dx_cost_category cat;
            assert_int_equal(dx_cost_category_from_name(it->category, &cat), DX_OK);
            dx_assert_close(it->cost_tax_excluded_jpy * (dx_cost_category_not_taxable(cat) ? 1.0 : 1.10),
                            it->cost_jpy, 1e-6, 1e-12);
            dx_assert_close(it->consumption_tax_jpy, it->cost_jpy - it->cost_tax_excluded_jpy, 1e-6, 0);
            assert_true(it->eligible == 0 || it->eligible == 1); /* the demo evaluates r7-3 */
            eligible += it->eligible_jpy;
            double row = 0;
            for (size_t y = 0; y < s.n_years; y++)
                sum[y] += it->per_year_jpy[y], row += it->per_year_jpy[y];
            /* over the demo's 5 years nothing is replaced or re-leased: a row's yearly
             * columns add up to its cost (the in-period part of a split row too) */
            dx_assert_close(row, it->cost_jpy, 1e-3, 1e-9);
        }
        /* the rows split the evaluated mode's items: their yearly flows add up to it */
        for (size_t y = 0; y < s.n_years; y++)
            dx_assert_close(sum[y], flow[y], 1e-3, 1e-9);
        /* the programme caps eligibility at the mode's cost: rows never exceed their total */
        assert_true(t.eligible_jpy <= eligible + 1e-6);
        free(it);
        for (size_t k = 0; k < dx_results_note_count(r, i); k++)
            assert_non_null(dx_results_note(r, i, k));
        assert_null(dx_results_note(r, i, dx_results_note_count(r, i)));
    }
    size_t na = dx_results_assumption_count(r);
    assert_true(na > 5);
    dx_report_assumption a;
    assert_int_equal(dx_results_assumption_get(r, 0, &a), DX_OK);
    assert_string_equal(a.value_class, "ASSUMED");
    assert_int_equal(dx_results_assumption_get(r, na, &a), DX_EINVAL);
    assert_non_null(strstr(dx_last_error(), "k = "));
    dx_report_item it;
    assert_int_equal(dx_results_item_get(r, 99, 0, &it), DX_EINVAL);
    assert_non_null(strstr(dx_last_error(), "technology index = 99"));
    double f[2];
    assert_int_equal(dx_results_cash_flow_jpy(r, 0, 3, 2, f), DX_EINVAL);
    assert_non_null(strstr(dx_last_error(), "mode = 3"));
    dx_report_options o;
    assert_int_equal(dx_report_options_init(&o, DX_REPORT_OPTIONS_VERSION + 1), DX_EINVAL);
    assert_int_equal(dx_report_options_size(), sizeof(dx_report_options));
    dx_results_free(r);
}

/* report_phrases.c: whole-phrase patterns, nested captures, pass-through */
static void test_report__japanese_phrases(void **state)
{
    (void)state;
    char b[1024];
    /* nested: the verify suffix around an item reason */
    assert_string_equal(dx__report_phrase(DX_REPORT_LANG_JA,
                                          "travel for the demonstration; verify against the call guidelines (公募要領)",
                                          b, sizeof b),
                        "実証のための旅費（公募要領で要確認）");
    /* captures keep numbers and names; the prefix translates its rest */
    assert_string_equal(dx__report_phrase(DX_REPORT_LANG_JA,
                                          "programme r7-3: eligible project size 4266453 JPY is below the minimum "
                                          "of 10000000 JPY",
                                          b, sizeof b),
                        "補助事業 r7-3: 補助対象の事業規模 4,266,453 円は下限 10,000,000 円を下回ります");
    /* amounts of yen are grouped by thousands, other numbers are not (a year, a decimal, an id) */
    assert_string_equal(dx__report_phrase(DX_REPORT_LANG_JA,
                                          "verify: 'Radio design' (3300000 JPY eligible) is labour for the radio "
                                          "licence; it may count as 免許関係諸費用, which briefing ②-1 excludes (対象外経費)",
                                          b, sizeof b),
                        "要確認: 「Radio design」（補助対象 3,300,000 円）は無線局免許の申請作業の人件費で、説明資料 ②-1 "
                        "が対象外経費とする免許関係諸費用に当たる可能性があります");
    /* the booking comparison says which figures the headline uses (ten placeholders) */
    assert_string_equal(dx__report_phrase(DX_REPORT_LANG_JA,
                                          "booking (compare_booking): the figures above book as the scenario "
                                          "says (eligible 19866000 JPY); every rental and cloud fee booked in "
                                          "the first year: cost 26432706, eligible 22730400, subsidy 11365200, "
                                          "burden 15067506 JPY; every fee paid yearly: cost 26432706, eligible "
                                          "16500000, subsidy 8250000, burden 18182706 JPY; booking changes the "
                                          "subsidy by +3115200 JPY",
                                          b, sizeof b),
                        "費用計上（compare_booking）: 上の金額はシナリオの計上方法による（補助対象 19,866,000 円）。"
                        "レンタル・クラウド料をすべて初年度に一括計上: 経費 26,432,706 円、補助対象 22,730,400 円、"
                        "補助額 11,365,200 円、負担 15,067,506 円。すべて毎年度支払い: 経費 26,432,706 円、"
                        "補助対象 16,500,000 円、補助額 8,250,000 円、負担 18,182,706 円。一括計上で補助額は "
                        "+3,115,200 円変わります");
    /* a range of yen: both ends grouped; a date's numbers are not yen */
    assert_string_equal(dx__report_phrase(DX_REPORT_LANG_JA,
                                          "eligible project size 154998418 JPY is outside the guidance of "
                                          "10000000-100000000 JPY (scale guide)",
                                          b, sizeof b),
                        "補助対象の事業規模 154,998,418 円は目安 10,000,000-100,000,000 円（scale guide）の範囲外です");
    /* a list splits and each item translates (not swallowed by a wider capture) */
    assert_string_equal(dx__report_phrase(DX_REPORT_LANG_JA,
                                          "1 MHz: feasible, TCO 107 M JPY; 2 MHz: not feasible", b, sizeof b),
                        "1 MHz: 要件充足、総保有コスト 107 百万円; 2 MHz: 要件不足");
    /* a long list inside a prefix: every item still translates */
    assert_string_equal(dx__report_phrase(DX_REPORT_LANG_JA,
                                          "programme r7-3: travel for the demonstration; 1 MHz: not feasible; "
                                          "2 MHz: not feasible; 4 MHz: not feasible; 8 MHz: not feasible; "
                                          "16 MHz: not feasible; 32 MHz: not feasible; 64 MHz: not feasible",
                                          b, sizeof b),
                        "補助事業 r7-3: 実証のための旅費; 1 MHz: 要件不足; 2 MHz: 要件不足; 4 MHz: 要件不足; "
                        "8 MHz: 要件不足; 16 MHz: 要件不足; 32 MHz: 要件不足; 64 MHz: 要件不足");
    /* verdict with the bound word translated */
    assert_string_equal(dx__report_phrase(DX_REPORT_LANG_JA,
                                          "covers 96.3 % of the area and carries every demand class "
                                          "(coverage-bound, 257 m cells)",
                                          b, sizeof b),
                        "エリアの 96.3 % をカバーし、全需要クラスを収容します（カバレッジ律速、セル半径 257 m）");
    /* the calibration note, built from optional clauses, clause by clause */
    assert_string_equal(
        dx__report_phrase(DX_REPORT_LANG_JA,
                          "calibration applied (scenario line 65, drive.csv): path loss = 38901-rma NLOS + "
                          "6.00 dB + 1.97 dB x log10(d / 1000 m), shadowing sigma 4.42 dB; fit against hata "
                          "NLOS at 920 MHz: n = 120 samples in 4 groups (48 censored), RMSE 4.42 dB, "
                          "leave-one-group-out RMSE 4.45 dB, bias -0.40 dB (uncalibrated RMSE 6.77 dB)",
                          b, sizeof b),
        "較正を適用（シナリオ 65 行目、drive.csv）: 伝搬損失 = 38901-rma NLOS + 6.00 dB + 1.97 dB × "
        "log10(d / 1000 m)、シャドウイング σ 4.42 dB。当てはめ: hata NLOS、920 MHz、n = 120 サンプル"
        "（4 グループ）（うち打切り 48）、RMSE 4.42 dB、1グループ除外交差検証の RMSE 4.45 dB、"
        "バイアス -0.40 dB（較正前の RMSE 6.77 dB）");
    /* a mixed design's part note "id: phrase", and generated item names */
    assert_string_equal(
        dx__report_phrase(DX_REPORT_LANG_JA,
                          "lorawan-as923: WARNING: the calibration was fitted against hata but this design "
                          "uses 38901-rma: its offset and slope correct hata, not 38901-rma; refit with "
                          "dxsim calibrate --model 38901-rma",
                          b, sizeof b),
        "lorawan-as923: 警告: 較正は hata に対して当てはめたものですが、この設計は 38901-rma を使います。"
        "オフセットと傾きは hata の補正で 38901-rma には当てはまりません。dxsim calibrate --model "
        "38901-rma で当てはめ直してください");
    assert_string_equal(dx__report_phrase(DX_REPORT_LANG_JA,
                                          "Electricity, radio units (8 W each, 24 h/day) [in the period]", b,
                                          sizeof b),
                        "電気代 無線機（1台 8 W、24時間稼働）（期間内）");
    assert_string_equal(dx__report_phrase(DX_REPORT_LANG_JA, "Solution device: 水位計 (short-term rental)", b,
                                          sizeof b),
                        "ソリューション機器: 水位計（短期レンタル）");
    assert_string_equal(dx__report_phrase(DX_REPORT_LANG_JA,
                                          "ASSUMED: judgement, not in domain-japan §9 (about 40 % of a site); "
                                          "lease factor domain-japan §5 (INDICATIVE)",
                                          b, sizeof b),
                        "仮定: 判断による値、domain-japan §9 に記載なし（about 40 % of a site）。"
                        "リース料率は domain-japan §5（参考値）");
    assert_string_equal(dx__report_phrase(DX_REPORT_LANG_JA, "assignment: cameras -> l5g-sub6; sensors -> halow",
                                          b, sizeof b),
                        "割当: cameras -> l5g-sub6; sensors -> halow");
    /* no pattern: kept; English: copied */
    assert_string_equal(dx__report_phrase(DX_REPORT_LANG_JA, "r7-3/cat.equipment", b, sizeof b), "r7-3/cat.equipment");
    assert_string_equal(dx__report_phrase(DX_REPORT_LANG_EN, "travel for the demonstration", b, sizeof b),
                        "travel for the demonstration");
    /* a small buffer never cuts a character: the result stays valid UTF-8 */
    char small[10];
    dx__report_phrase(DX_REPORT_LANG_JA, "travel for the demonstration", small, sizeof small);
    assert_string_equal(small, "実証の"); /* 9 bytes: 3 whole characters */
    assert_string_equal(dx__report_phrase(DX_REPORT_LANG_JA, NULL, b, sizeof b), "");
}

int main(void)
{
    dx_global_init(DX_INIT_GSL_HANDLER_OFF);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_report__escapers_neutralise_pipes_breaks_and_markup),
        cmocka_unit_test(test_report__utf8_copy_keeps_whole_characters),
        cmocka_unit_test(test_report__reiwa_fiscal_years_and_units),
        cmocka_unit_test(test_report__accessors_agree_with_the_results),
        cmocka_unit_test(test_report__japanese_phrases),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
