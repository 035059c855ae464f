/* The Japanese of the generated phrases (issue 11: Japanese is first-class).
 * The pipeline writes its verdicts, notes and per-item reasons in English (they
 * also go to results.json, the console and the logs); the Japanese report
 * translates them here, in one table, when it renders them.
 *
 * A pattern is the English text with placeholders {0}..{9}; it must match the
 * whole phrase. The placeholder texts (numbers, ids, names, nested phrases) are
 * translated again, so "X; verify against the call guidelines (公募要領)" and
 * "programme r7-3: X" translate their X by the table too. Patterns are tried in
 * order (specific before general); the first that matches wins; a phrase no
 * pattern matches (a number, an id, a name from the scenario) is kept as is.
 * Placeholders match the shortest text that lets the rest match. */
#include "report_internal.h"

#include <ctype.h>
#include <string.h>

typedef struct {
    const char *en, *ja;
} phrase;

static const phrase PHRASES[] = {
    /* ---- suffixes and prefixes shared by many phrases ---- */
    {"{0}; verify against the call guidelines (公募要領) [{1}]", "{0}（公募要領で要確認）[{1}]"},
    {"{0}; verify against the call guidelines (公募要領)", "{0}（公募要領で要確認）"},
    {"{0}: verify against the call guidelines (公募要領)", "{0}。公募要領で確認してください"},
    /* plan.c: an analytic design of a scenario with <terrain> (was English in the Japanese report) */
    {"WARNING: the analytic fidelity ignores the terrain the scenario names (DEM {0}): its site count assumes "
     "flat earth; plan with <plan fidelity=\"grid\"> (dxsim run/coverage --fidelity grid) for terrain shadow",
     "警告: 解析的な設計精度（analytic）はシナリオが指定する地形（DEM {0}）を考慮しません。局数は平坦な地表を"
     "仮定しています。地形による遮蔽を見るには <plan fidelity=\"grid\">（dxsim run/coverage --fidelity grid）"
     "で設計してください"},
    {"WARNING: {0} evaluated outside its validity range ({1})", "警告: {0} を適用範囲外で評価しました（{1}）"},
    {"WARNING: {0} is specified for masts of {1}; {2} is below that range",
     "警告: {0} はマスト高 {1} を対象とするモデルで、{2} はその範囲を下回ります"},
    {"{0}: {1}: {2} of {3} link(s) outside the validity range ({4}); first: link {5} with {6}",
     "{0}: {1}: {3} リンク中 {2} リンクが適用範囲外（{4}）。最初はリンク {5}: {6}"},

    /* ---- verdicts (compare.c, plan.c) ---- */
    {"'{0}' would transmit {1} of the time at the cell edge; ARIB STD-T108 allows {2}",
     "「{0}」はセル端で時間の {1} 送信することになり、ARIB STD-T108 の上限 {2} を超えます"},
    {"{0} ({1} s/hour)", "{0}（1時間あたり {1} 秒）"},
    {"'{0}' sends {1} Mbit/s UL on average; a 920 MHz station may transmit {2} % of the time (ARIB STD-T108, "
     "360 s per hour), so the cell edge must give {3} Mbit/s UL",
     "「{0}」の上り平均は {1} Mbit/s です。920 MHz 帯の無線局は時間の {2} % しか送信できない（ARIB STD-T108、"
     "1時間あたり 360 秒）ため、セル端で上り {3} Mbit/s が必要です"},
    {"cannot carry {0} of {1} demand classes: '{2}' needs {3} Mbit/s UL per device, the peak is {4} Mbit/s",
     "需要クラス {1} 件中 {0} 件を収容できません: 「{2}」は端末あたり上り {3} Mbit/s が必要ですが、ピークは {4} Mbit/s です"},
    {"cannot carry demand class '{0}' needs {1} Mbit/s UL per device, the peak is {2} Mbit/s",
     "需要クラス「{0}」を収容できません: 端末あたり上り {1} Mbit/s が必要ですが、ピークは {2} Mbit/s です"},
    {"cannot carry {0} of {1} demand classes: '{2}' needs {3} Mbit/s DL per device, the peak is {4} Mbit/s",
     "需要クラス {1} 件中 {0} 件を収容できません: 「{2}」は端末あたり下り {3} Mbit/s が必要ですが、ピークは {4} Mbit/s です"},
    {"cannot carry demand class '{0}' needs {1} Mbit/s DL per device, the peak is {2} Mbit/s",
     "需要クラス「{0}」を収容できません: 端末あたり下り {1} Mbit/s が必要ですが、ピークは {2} Mbit/s です"},
    {"cannot carry {0} of {1} demand classes: {2}", "需要クラス {1} 件中 {0} 件を収容できません: {2}"},
    {"cannot carry demand class {0}", "需要クラスを収容できません: {0}"},
    {"'{0}' are phones, tablets or PCs (terminal builtin): none has a {1} radio built in",
     "「{0}」はスマートフォン・タブレット・PC（端末 builtin）で、{1} の無線を内蔵する機種はありません"},
    {"'{0}' is a stream ({1} kbit/s), not messages: LoRaWAN carries small messages only",
     "「{0}」はストリーム（{1} kbit/s）でメッセージではありません。LoRaWAN が運べるのは小さなメッセージだけです"},
    {"carrier network: nominal rates ({0} Mbit/s DL/UL) meet every demand class",
     "携帯網: 公称速度（下り/上り {0} Mbit/s）で全需要クラスを満たします"},
    {"covers {0} of the area and carries every demand class ({1})",
     "エリアの {0} をカバーし、全需要クラスを収容します（{1}）"},
    {"{0}-bound, {1} m cells", "{0}律速、セル半径 {1} m"},
    {"{0}-bound, {1} sites placed on the grid", "{0}律速、グリッド上に {1} 局を配置"},
    {"coverage", "カバレッジ"},
    {"corridor", "沿道配置"},
    {"per part", "部分ごと"},
    {"capacity", "容量"},
    {"carrier", "携帯網"},
    {"covers every route sample and sustains {0} Mbit/s uplink with {1} roadside sites {2} m apart",
     "経路の全サンプルをカバーし、沿道 {1} 局（間隔 {2} m）で上り {0} Mbit/s を維持します"},
    {"every part feasible: {0} (scenario design '{1}')", "全部分が要件を満たします: {0}（シナリオ指定の設計「{1}」）"},
    {"every part feasible: {0}", "全部分が要件を満たします: {0}"},
    {"not allowed: {0}: profile is indoor only (indoor_only = 1 in the catalogue) but outdoor = 1",
     "使用不可: {0}: 屋内専用のプロファイル（カタログの indoor_only = 1）ですが、シナリオは屋外（outdoor = 1）です"},
    {"not allowed: {0}: 6 GHz LPI (low power indoor) may not be used outdoors (outdoor = 1; rule: indoor only, "
     "{1} EIRP; source: {2}). Use the VLP profile ({3} EIRP) outdoors",
     "使用不可: {0}: 6 GHz LPI（屋内低電力）は屋外で使用できません（outdoor = 1。規則: 屋内限定、EIRP {1}。"
     "出典: {2}）。屋外では VLP プロファイル（EIRP {3}）を使ってください"},

    /* ---- notes of the pipeline (compare*.c, plan*.c, programme*.c) ---- */
    {"devices indoors ('{0}'): building entry loss {1} dB added to the link budget (TR 38.901 §7.4.3 O2I "
     "low-loss model at {2} GHz: wall {3} dB + indoor {4} dB at the mean depth 8.3 m)",
     "屋内の端末（「{0}」）: 建物侵入損失 {1} dB を回線設計に加算（TR 38.901 §7.4.3 O2I 低損失モデル、{2} GHz: "
     "外壁 {3} dB + 屋内 {4} dB（平均奥行 8.3 m））"},
    {"the area has {0} separate parts: sites counted part by part (parts that fit together within {1} m, half "
     "the cell radius, share a site at the centre of their box): {2} site(s) in {3} group(s)",
     "エリアは {0} か所に分かれているため、局数を箇所ごとに算出しました（セル半径の半分 {1} m 以内に収まる箇所どうしは、"
     "それらを囲む矩形の中心の1局を共用）: {3} グループで計 {2} 局"},
    {"{0} sites x {1} sectors exceed the {2} channel(s) of the band: planned with a {3} dB interference margin ({4})",
     "{0} 局 × {1} セクタが帯域の {2} チャネルを超えるため、干渉マージン {3} dB で設計（{4}）"},
    {"LOS probability at the cell edge {0} ({1}); coverage combines LOS and NLOS path loss and shadowing",
     "セル端の見通し（LOS）確率 {0}（{1}）。カバレッジは LOS と NLOS の伝搬損失とシャドウイングを合成"},
    {"booking (compare_booking): the figures above book as the scenario says (eligible {0} JPY); every rental and "
     "cloud fee booked in the first year: cost {1}, eligible {2}, subsidy {3}, burden {4} JPY; every fee paid "
     "yearly: cost {5}, eligible {6}, subsidy {7}, burden {8} JPY; booking changes the subsidy by {9} JPY",
     "費用計上（compare_booking）: 上の金額はシナリオの計上方法による（補助対象 {0} 円）。"
     "レンタル・クラウド料をすべて初年度に一括計上: 経費 {1} 円、補助対象 {2} 円、補助額 {3} 円、負担 {4} 円。"
     "すべて毎年度支払い: 経費 {5} 円、補助対象 {6} 円、補助額 {7} 円、負担 {8} 円。"
     "一括計上で補助額は {9} 円変わります"},
    {"channel width chosen: {0}, feasible first, then the lowest {1}-year total cost of ownership at purchase prices "
     "(tried {2})",
     "チャネル幅 {0} を選択（要件を満たすものを優先し、次に購入価格での {1} 年総保有コストが最小。試行: {2}）"},
    {"ASSUMED: the generated one-off build costs (installation, poles, power, licence support, bought "
     "equipment: {0} JPY) are dated at the period start {1}, not the project start {2}: costs before the "
     "grant decision are never eligible, so the build is scheduled inside the period, and the network's "
     "monthly charges start with it; your own <item>s keep their dates",
     "仮定（ASSUMED）: 自動生成した一時的な整備費（設置工事・柱・電源・免許支援・購入機器: {0} 円）は、"
     "事業開始日 {2} ではなく期間開始日 {1} に計上しました。交付決定前の経費は対象外のため、整備は期間内に"
     "行う前提で、ネットワークの月額費用（リース・回線・電気代・保守）も整備と同時に始まります。"
     "利用者が記述した <item> は各自の日付のままです"},
    {"conditional: {0} JPY of purchases that cannot be leased are eligible only once MIC accepts the reason "
     "(+{1} JPY subsidy then); not counted as approved",
     "条件付き: リースできない物品の購入 {0} 円は、総務省が理由を了承した場合に限り補助対象（その場合 補助額 +{1} 円）。"
     "了承済みとしては計上していません"},
    {"corridor: {0} roadside sites along {1} m of route, {2} m apart ({3} x the {4} m radius meeting the {5} "
     "cell-edge target for {6} Mbit/s uplink)",
     "沿線設計: 経路 {1} m に沿道 {0} 局、間隔 {2} m（上り {6} Mbit/s のセル端目標 {5} を満たす半径 {4} m の {3} 倍）"},
    {"coverage = {0} is the carrier's (scenario coverage/@carrier_coverage, default ASSUMED {1}): check the "
     "operator's area map",
     "カバー率 {0} は携帯事業者の値です（シナリオの coverage/@carrier_coverage、既定値 {1} は ASSUMED）。"
     "事業者のエリアマップで確認してください"},
    {"grid fidelity: {0} sites placed on {1} pixels of {2} m; area coverage {3} (LOS/NLOS mixture of the serving "
     "cell), busiest cell at {4} load",
     "グリッド精度: {1} 画素（{2} m）上に {0} 局を配置。エリアカバー率 {3}（在圏セルの LOS/NLOS 混合）、"
     "最繁セルの負荷 {4}"},
    {"sites: {0}", "設置場所: {0}"},
    {"{0}: sites: {1}", "{0}: 設置場所: {1}"},
    {"{0} existing and {1} candidate sites of the scenario stand within half a cell radius of planned "
     "positions and are used; {2} new sites (poles needed at {3}, power at {4}, backhaul at {5})",
     "シナリオの既設 {0} 箇所・候補 {1} 箇所が計画位置からセル半径の半分以内にあり利用。新設 {2} 箇所"
     "（柱が必要 {3}、電源 {4}、バックホール {5} 箇所）"},
    {"mixed design: the assignment with the lowest {0}-year total cost of ownership among those using two or more "
     "technologies, each class on a technology that carries it ({1})",
     "混合設計: 2 つ以上の技術を使う割当のうち {0} 年総保有コストが最小のもの（各需要クラスはそれを収容できる技術に割当。{1}）"},
    {"search over the scenario's candidates", "シナリオの候補から探索"},
    {"the cheapest mixed assignment is the scenario's design '{0}' ({1})",
     "最も安い混合割当はシナリオの設計「{0}」（{1}）と同じです"},
    {"part {0}: {1} for several classes: {2}", "部分 {0}: {1}（複数の需要クラス）: {2}"},
    {"part {0}: {1} for {2}: {3}", "部分 {0}: {1}（{2}）: {3}"},
    {"period: months {0} to {1} of the project ({2}); recurring items are split at its end (only months inside it "
     "can be eligible)",
     "補助対象期間: 事業の第 {0}〜{1} か月（{2}）。継続費用は期間末で分割（期間内の月だけが補助対象になりえます）"},
    {"period: months {0} to {1} of the project; recurring items are split at its end (only months inside it can "
     "be eligible)",
     "補助対象期間: 事業の第 {0}〜{1} か月。継続費用は期間末で分割（期間内の月だけが補助対象になりえます）"},
    {"to the end of the first fiscal year, ASSUMED", "初年度末まで、ASSUMED"},
    {"commitment after the horizon: {0} JPY (tax included) of lease or subscription months beyond the {1}-month "
     "horizon, not in the cost and never funded",
     "評価期間後の残契約: 評価期間（{1} か月）を超えるリース・サブスクの月分 {0} 円（税込）。費用に含めず、補助の対象にもなりません"},
    {"short-term rental: leasable equipment is rented for {0} months at rental.monthly_ratio x the {1}-month "
     "term rate, not leased for {2} months or more; the ratio is ASSUMED (replace it with a rental quotation: "
     "<price key=\"rental.monthly_ratio\" technology=...>)",
     "短期レンタル: リース対象の機器はリース（{2} か月以上）でなく {0} か月レンタルします。月額 = 購入価格 × "
     "rental.monthly_ratio × {1} か月の期間レンタル料率。rental.monthly_ratio は ASSUMED です（レンタル見積で置き換え: "
     "<price key=\"rental.monthly_ratio\" technology=...>）"},
    {"the horizon ({0} months) is shorter than the shortest lease ({1} months): <procurement rental=\"auto\"> "
     "rents the equipment for the horizon instead",
     "評価期間（{0} か月）が最短のリース期間（{1} か月）より短いため、<procurement rental=\"auto\"> "
     "とすると評価期間だけ機器をレンタルします"},
    {"terrain: DEM tiles {0} ({1}), model {2}, k = {3}; the grid fidelity adds the diffraction loss to the base "
     "model from each site to every pixel ({4} of the area on no-data cells: no terrain there)",
     "地形: DEM タイル {0}（{1}）、モデル {2}、k = {3}。グリッド精度では各基地局から全画素への回折損失を基本モデルに加算"
     "（エリアの {4} はデータのないセルで地形なし）"},
    {"terrain: DEM tiles {0} ({1}), model {2}, k = {3}; the grid fidelity adds the diffraction loss to the base "
     "model from each site to every pixel",
     "地形: DEM タイル {0}（{1}）、モデル {2}、k = {3}。グリッド精度では各基地局から全画素への回折損失を基本モデルに加算"},
    {"{0} tile", "{0} タイル"},
    {"{0} tiles", "{0} タイル"},
    {"{0} Bullington diffraction ({1})", "{0} Bullington 回折（{1}）"},
    {"uplink planned on {0} of the channel (power concentrated in the PRBs the device needs)",
     "上りはチャネルの {0} で設計（端末が必要とする PRB に電力を集中）"},
    {"programme {0}: {1}", "補助事業 {0}: {1}"},
    /* a failed non-blocking check (size guidance, a cap, the adviser limits): inside a note it
     * read "注記: 補助事業 r7-3: 注記 r7-3/size_min_jpy: …" */
    {"note {0}: {1}", "要確認（目安） {0}: {1}"},
    {"'{0}': purchase eligible only if MIC accepts the reason it cannot be leased ({1})",
     "「{0}」: リースできない理由（{1}）を総務省が了承した場合に限り購入が補助対象"},
    {"{0} rules are taken from the MIC Kanto bureau briefing of {1}: verify against the call guidelines "
     "(公募要領 / 実施要領) of the fiscal year before submitting",
     "{0} の規則は総務省関東総合通信局の説明資料（{1}）によります。申請前にその年度の公募要領・実施要領で確認してください"},
    {"R7 (FY2025)", "令和7年度（FY2025）"},
    {"March {0}", "{0}年3月"},
    {"eligible project size {0} JPY is outside the guidance of {1} JPY ({2})",
     "補助対象の事業規模 {0} 円は目安 {1} 円（{2}）の範囲外です"},
    {"{0} [{1}/size_max_jpy]", "{0} [{1}/size_max_jpy]"},
    {"{0} [{1}/size_min_jpy]", "{0} [{1}/size_min_jpy]"},
    {"eligible project size {0} JPY is below the minimum of {1} JPY", "補助対象の事業規模 {0} 円は下限 {1} 円を下回ります"},
    {"rule {0} is {1} ({2})", "規則 {0} は {1}（{2}）"},
    /* the menu's cap on the amount paid (programme.c) */
    {"{0} JPY of eligible funding exceeds the cap of {1} JPY (capped)",
     "補助対象経費からの支払額 {0} 円が上限 {1} 円を超えるため、上限額とします"},
    {"{0} JPY of eligible funding is within the cap of {1} JPY", "補助対象経費からの支払額 {0} 円は上限 {1} 円以内です"},
    {"verify: the applicant deducts input tax (仕入控除税額): eligible cost and subsidy are tax-excluded "
     "(ASSUMED reading of the grant rules; check the 交付要綱 / 公募要領)",
     "要確認: 申請者は仕入控除税額を控除するため、補助対象経費と補助額は税抜（交付規則の解釈は仮定 ASSUMED。"
     "交付要綱・公募要領で確認してください）"},
    {"verify: '{0}' ({1} JPY eligible) is labour for the radio licence; it may count as 免許関係諸費用, which "
     "briefing {2} excludes (対象外経費)",
     "要確認: 「{0}」（補助対象 {1} 円）は無線局免許の申請作業の人件費で、説明資料 {2} が対象外経費とする"
     "免許関係諸費用に当たる可能性があります"},
    /* rule sources (programme.c): the briefing's words with libdxsim's reading */
    {"{0} rule (briefing {1}) applied by analogy", "{0} の規則（説明資料 {1}）を準用"},
    {"cost rules of {0} (briefing {1}) applied by analogy", "{0} の経費規則（説明資料 {1}）を準用"},
    {"{0} (briefing {1}) by analogy", "{0}（説明資料 {1}）を準用"},
    {"{0} (briefing {1}) applied by analogy", "{0}（説明資料 {1}）を準用"},
    {"by analogy with briefing {0}", "説明資料 {0} を準用"},
    {"briefing {0}", "説明資料 {0}"},
    {"{0}: the grant covers costs of the grant's fiscal year", "{0}: 補助は交付年度の経費が対象"},
    {"recurring fees after it count only when booked in year one ({0})",
     "それ以降の継続費用は初年度に一括計上した場合に限り対象（{0}）"},
    {"works not itemised", "工事の明細なし"},
    {"labour not itemised", "人件費の明細なし"},
    {"cloud fees read as a subscription", "クラウド利用料をサブスク型サービスと解釈"},

    {"assignment: {0}", "割当: {0}"}, /* a mixed design's parts (compare_mixed.c) */
    /* ---- calibration notes (plan_radio.c): the note is built from optional
     * clauses, each pattern translates its clause and hands the rest on ---- */
    {"calibration applied (scenario line {0}, {1}): path loss = {2} NLOS + {3} dB + {4} dB x log10(d / {5} m){6}",
     "較正を適用（シナリオ {0} 行目、{1}）: 伝搬損失 = {2} NLOS + {3} dB + {4} dB × log10(d / {5} m){6}"},
    {"calibration applied (scenario line {0}): path loss = {1} NLOS + {2} dB + {3} dB x log10(d / {4} m){5}",
     "較正を適用（シナリオ {0} 行目）: 伝搬損失 = {1} NLOS + {2} dB + {3} dB × log10(d / {4} m){5}"},
    {", shadowing sigma: the model's{0}", "、シャドウイング σ はモデルの値{0}"},
    {", shadowing sigma {0} dB{1}", "、シャドウイング σ {0} dB{1}"},
    {"; fit against {0} NLOS at {1} MHz:{2}", "。当てはめ: {0} NLOS、{1} MHz{2}"},
    {"; fit against {0} NLOS:{1}", "。当てはめ: {0} NLOS{1}"},
    {"; fit at {0} MHz:{1}", "。当てはめ: {0} MHz{1}"},
    {"; fit:{0}", "。当てはめ{0}"},
    {" n = {0} samples{1}", "、n = {0} サンプル{1}"},
    {" in {0} groups{1}", "（{0} グループ）{1}"},
    {" ({0} censored){1}", "（うち打切り {0}）{1}"},
    {", RMSE {0} dB{1}", "、RMSE {0} dB{1}"},
    {", leave-one-group-out RMSE {0} dB{1}", "、1グループ除外交差検証の RMSE {0} dB{1}"},
    {", bias {0} dB{1}", "、バイアス {0} dB{1}"},
    {" (uncalibrated RMSE {0} dB)", "（較正前の RMSE {0} dB）"},
    /* the same in a mixed design's part notes ("id: ...", before the list split) */
    {"{0}: WARNING: the calibration was fitted against {1} but this design uses {2}: its offset and slope correct "
     "{3}, not {4}; refit with dxsim calibrate --model {5}",
     "{0}: 警告: 較正は {1} に対して当てはめたものですが、この設計は {2} を使います。オフセットと傾きは {3} "
     "の補正で {4} には当てはまりません。dxsim calibrate --model {5} で当てはめ直してください"},
    {"WARNING: the calibration was fitted against {0} but this design uses {1}: its offset and slope correct {2}, "
     "not {3}; refit with dxsim calibrate --model {4}",
     "警告: 較正は {0} に対して当てはめたものですが、この設計は {1} を使います。オフセットと傾きは {2} "
     "の補正で {3} には当てはまりません。dxsim calibrate --model {4} で当てはめ直してください"},

    /* ---- generated cost-line names: price book (libdxsim/data/pricebook.txt), the bill of
     * materials (cost.c) and the solution devices (compare_glue.c); a proposal's 経費内訳
     * lists them, so the Japanese report names them in Japanese (exact names first) ---- */
    {"5G CPE / router", "5G CPE・ルーター"},
    {"5G NR module embedded in a device (M.2 / LGA industrial module)", "端末内蔵 5G NR モジュール（M.2 / LGA 産業用）"},
    {"5G core as a cloud service", "5Gコア（クラウドサービス）"},
    {"5G core on premises (small, incl. server)", "5Gコア オンプレミス（小規模、サーバー込み）"},
    {"Carrier LTE/5G data plan for a video uplink (tens of GB per month), per device",
     "携帯 LTE/5G データプラン（映像の上り、月数十GB）、端末あたり"},
    {"Edge AI server", "エッジAIサーバー"},
    {"Fibre backhaul (business line), per site per month", "光回線バックホール（法人回線）、局・月あたり"},
    {"Installation labour, indoor AP / small cell, per unit", "設置作業費 屋内AP・スモールセル等（台あたり）"},
    {"Installation labour, further radio at an outdoor site (sector, extra AP), per unit",
     "設置作業費 屋外局の増設無線機（セクタ・追加AP）（台あたり）"},
    {"Installation labour, outdoor site", "設置作業費 屋外局"},
    {"LTE-M connectivity, per device per month", "LTE-M 通信料（端末・月あたり）"},
    {"LTE-M module / device", "LTE-M モジュール・端末"},
    {"LTE/5G router or module for a carrier data plan", "携帯データプラン用 LTE/5G ルーター・モジュール"},
    {"LoRaWAN network server (cloud), per gateway per month", "LoRaWAN ネットワークサーバー（クラウド）、ゲートウェイ・月あたり"},
    {"LoRaWAN outdoor gateway", "LoRaWAN 屋外ゲートウェイ"},
    {"LoRaWAN radio module embedded in a sensor the solution already prices",
     "LoRaWAN 無線モジュール（センサー内蔵。センサー本体はソリューション機器に計上）"},
    {"LoRaWAN sensor node (soil / water level)", "LoRaWAN センサーノード（土壌・水位）"},
    {"Local 5G SIM (incl. provisioning)", "ローカル5G SIM（開通作業込み）"},
    {"Local 5G additional sector radio unit + antenna at an outdoor site", "ローカル5G 屋外局の増設セクタ無線機・アンテナ"},
    {"Local 5G mmWave (n257) radio unit", "ローカル5G ミリ波（n257）無線機"},
    {"Local 5G sub-6 indoor small cell (gNB+RU all-in-one)", "ローカル5G Sub6 屋内スモールセル（gNB・RU 一体型）"},
    {"Local 5G sub-6 outdoor base station (gNB + RU + antenna), per site",
     "ローカル5G Sub6 屋外基地局（gNB・RU・アンテナ）、局あたり"},
    {"Pole, mounting and civil works (outdoor site)", "ポール・取付・土木工事（屋外局）"},
    {"Power supply connection of a new outdoor site (service line, meter, cabling)",
     "屋外局の電源引込（引込線・メーター・配線）"},
    {"Radio design, interference coordination and licence application support (L5G)",
     "無線設計・干渉調整・免許申請支援（ローカル5G）"},
    {"Radio usage fee (電波利用料), terminals (yearly fee / 12 per month)", "電波利用料 端末（年額の12分の1を毎月）"},
    {"Radio usage fee (電波利用料), base stations (yearly fee / 12 per month)", "電波利用料 基地局（年額の12分の1を毎月）"},
    {"Radio usage fee (電波利用料), Local 5G terminal (陸上移動局), per terminal per year",
     "電波利用料 ローカル5G 端末（陸上移動局）、端末・年あたり"},
    {"Radio usage fee (電波利用料), Local 5G base station, per station per year", "電波利用料 ローカル5G 基地局、局・年あたり"},
    {"Solution device: network camera (AI-capable)", "ソリューション機器: ネットワークカメラ（AI対応）"},
    {"Wi-Fi 6E enterprise AP", "Wi-Fi 6E 業務用AP"},
    {"Wi-Fi 6E/7 outdoor AP (VLP)", "Wi-Fi 6E/7 屋外AP（VLP）"},
    {"Wi-Fi 7 enterprise AP (6 GHz, indoor LPI)", "Wi-Fi 7 業務用AP（6 GHz、屋内 LPI）"},
    {"Wi-Fi HaLow AP / gateway", "Wi-Fi HaLow AP・ゲートウェイ"},
    {"Wi-Fi HaLow module embedded in a device", "端末内蔵 Wi-Fi HaLow モジュール"},
    {"Wi-Fi HaLow station / bridge", "Wi-Fi HaLow 子機・ブリッジ"},
    {"Wi-Fi cloud management licence (yearly fee / 12 per month, per AP)",
     "Wi-Fi クラウド管理ライセンス（年額の12分の1を毎月、APあたり）"},
    {"Wi-Fi cloud management licence, per AP per year", "Wi-Fi クラウド管理ライセンス、AP・年あたり"},
    {"Maintenance of equipment (share of price per year, monthly)", "機器保守費（機器価格に対する年率、月割）"},
    {"Maintenance of purchased equipment, share of price per year", "購入機器の保守費（機器価格に対する年率）"},
    {"Electricity, {0} ({1} W each, 24 h/day)", "電気代 {0}（1台 {1} W、24時間稼働）"},
    {"radio units", "無線機"},
    {"L5G outdoor base station", "ローカル5G 屋外基地局"},
    {"on-premises 5GC", "オンプレミス 5GC"},
    {"edge servers", "エッジサーバー"},
    {"Solution device: {0} (short-term rental)", "ソリューション機器: {0}（短期レンタル）"},
    {"Solution device: {0}", "ソリューション機器: {0}"},
    {"{0} (short-term rental)", "{0}（短期レンタル）"},

    /* ---- catalogue and planning parameters named in the narrative and the assumptions
     * table (technologies.txt keys): Japanese, with the key for the catalogue ---- */
    {"bs_antenna_gain_dbi", "基地局アンテナ利得（bs_antenna_gain_dbi）"},
    {"bs_cable_loss_db", "基地局ケーブル損失（bs_cable_loss_db）"},
    {"bs_height_m", "基地局アンテナ高（bs_height_m）"},
    {"bs_noise_figure_db", "基地局雑音指数（bs_noise_figure_db）"},
    {"bs_tx_power_dbm", "基地局送信電力（bs_tx_power_dbm）"},
    {"bw_mhz", "帯域幅（bw_mhz）"},
    {"bw_options_mhz", "選択可能な帯域幅（bw_options_mhz）"},
    {"channels_available", "利用可能チャネル数（channels_available）"},
    {"coverage.edge_probability", "セル端カバー確率（coverage.edge_probability）"},
    {"coverage.target_area", "目標エリアカバー率（coverage.target_area）"},
    {"f_max_mhz", "周波数上限（f_max_mhz）"},
    {"f_min_mhz", "周波数下限（f_min_mhz）"},
    {"fc_mhz", "中心周波数（fc_mhz）"},
    {"max_coupling_loss_db", "最大結合損失（max_coupling_loss_db）"},
    {"max_eirp_dbm", "最大EIRP（max_eirp_dbm）"},
    {"mimo_layers_dl", "MIMOレイヤ数（下り）（mimo_layers_dl）"},
    {"mimo_layers_ul", "MIMOレイヤ数（上り）（mimo_layers_ul）"},
    {"nominal_dl_kbps", "公称速度（下り）（nominal_dl_kbps）"},
    {"nominal_ul_kbps", "公称速度（上り）（nominal_ul_kbps）"},
    {"plan.cell_load", "セル負荷率（plan.cell_load）"},
    {"plan.interference_margin", "干渉マージン（plan.interference_margin）"},
    {"programme.period", "補助・実証期間（programme.period）"},
    {"scs_khz", "サブキャリア間隔（scs_khz）"},
    {"sectors", "セクタ数（sectors）"},
    {"tdd_frames", "TDDフレーム（tdd_frames）"},
    {"tdd_pattern", "TDDパターン（tdd_pattern）"},
    {"tdd_special", "TDD特殊スロット構成（tdd_special）"},
    {"ue_antenna_gain_dbi", "端末アンテナ利得（ue_antenna_gain_dbi）"},
    {"ue_height_m", "端末高（ue_height_m）"},
    {"ue_noise_figure_db", "端末雑音指数（ue_noise_figure_db）"},
    {"ue_tx_power_dbm", "端末送信電力（ue_tx_power_dbm）"},
    /* values and sources of the assumptions table (report_model.c) */
    {"{0} JPY/month (tax excl.)", "{0} 円/月（税抜）"},
    {"{0} JPY/month (tax incl.)", "{0} 円/月（税込）"},
    {"{0} JPY (tax excl.)", "{0} 円（税抜）"},
    {"{0} JPY (tax incl.)", "{0} 円（税込）"},
    {"{0} JPY/month (not taxable)", "{0} 円/月（不課税）"},
    {"{0} JPY (not taxable)", "{0} 円（不課税）"},
    {"{0} (catalogue {1})", "{0}（カタログ値 {1}）"},
    {"{0}; catalogue value: {1}", "{0}。カタログ値: {1}"},
    {"{0}; lease factor domain-japan §5 (INDICATIVE)", "{0}。リース料率は domain-japan §5（参考値）"},
    {"{0} x {1} (both ASSUMED)", "{0} × {1}（いずれも仮定）"},
    {"{0} (user input)", "{0}（利用者の入力）"},
    {"{0} (applicant's line)", "{0}（申請者の経費行）"},
    {"scenario {0} (libdxsim default {1}, ASSUMED)", "シナリオの {0}（libdxsim の既定値 {1}、仮定）"},
    {"libdxsim planning default", "libdxsim 計画の既定値"},
    {"ASSUMED: judgement, not in domain-japan §9 ({0})", "仮定: 判断による値、domain-japan §9 に記載なし（{0}）"},
    {"ASSUMED: judgement, not in domain-japan §9", "仮定: 判断による値、domain-japan §9 に記載なし"},
    {"chosen by the plan among the catalogue's widths (see the notes)", "計画がカタログの帯域幅から選択（注記を参照）"},
    {"scenario <technology {0}>", "シナリオの <technology {0}>"},
    {"the plan", "計画による"},
    {"scenario override; {0}", "シナリオで上書き。{0}"},
    {"scenario override", "シナリオで上書き"},
    {"libdxsim planning default when sites outnumber channels", "局数がチャネル数を上回るときの libdxsim 計画の既定値"},

    /* ---- per-item reasons (programme.c, programme_items.c) ---- */
    {"{0} [in the period]", "{0}（期間内）"}, /* item names split at the period's end */
    {"{0} [outside the period]", "{0}（期間外）"},
    {"{3}: WARNING: demand class '{0}' requires {1} kbit/s uplink at the cell edge, below its average of {2} "
     "kbit/s: a device there cannot send its traffic; the design uses the required figure (check required_ul_kbps)",
     "{3}: 警告: 需要クラス「{0}」のセル端で必要な上り速度 {1} kbit/s が平均 {2} kbit/s を下回ります。セル端の端末は"
     "送信量を送り切れません。設計は必要速度の値に従います（required_ul_kbps を確認してください）"},
    {"WARNING: demand class '{0}' requires {1} kbit/s uplink at the cell edge, below its average of {2} kbit/s: a "
     "device there cannot send its traffic; the design uses the required figure (check required_ul_kbps)",
     "警告: 需要クラス「{0}」のセル端で必要な上り速度 {1} kbit/s が平均 {2} kbit/s を下回ります。セル端の端末は"
     "送信量を送り切れません。設計は必要速度の値に従います（required_ul_kbps を確認してください）"},
    {"'{0} [outside the period]' arises outside the demonstration period", "「{0}」は補助対象期間外に発生します"},
    /* one-off items dated before or after the period carry no suffix */
    {"'{0}' arises outside the demonstration period", "「{0}」は補助対象期間外に発生します"},
    {"'{0}' ({1}) belongs neither to the wireless network nor to the connected solution (role {2})",
     "「{0}」（{1}）は無線ネットワークにも接続するソリューションにも属しません（役割 {2}）"},
    {"building the demonstration environment is a service cost ({0})", "実証環境の構築は{0}です"},
    {"building the demonstration environment ({0})", "実証環境の構築（{0}）"},
    /* ③ ※3 for every rental / cloud category (programme.c step 5): {0} is the rule's reason */
    {"{0}: '{1}' runs {2} months, booked in year one: {3} months eligible (at most {4})",
     "{0}: 「{1}」は {2} か月分を初年度に一括計上: {3} か月分が補助対象（上限 {4} か月）"},
    {"{0}: '{1}' runs {2} months but is not booked in year one: only {3} months eligible",
     "{0}: 「{1}」は {2} か月分ですが初年度に一括計上していないため、補助対象は {3} か月分のみ"},
    {"equipment rental / service fee ({0})", "{0}"},
    {"cloud service fee ({0})", "{0}"},
    {"cloud service used by the demonstration ({0})", "実証で利用するクラウドサービス（{0}）"},
    {"subscription-type service", "サブスク型サービス"},
    {"cloud service used by the demonstration", "実証で利用するクラウドサービス"},
    {"communications cost of the demonstration", "実証の通信費"},
    {"design and installation labour of the subsidised facilities ({0})", "補助対象設備の設計・設置の作業費（{0}）"},
    {"equipment rental ({0})", "{0}"},
    {"installation works of the subsidised facilities ({0})", "補助対象設備の設置工事（{0}）"},
    {"lease of goods needed for the demonstration", "実証に必要な物品のリース"},
    {"not network equipment, solution equipment or inseparable software",
     "ネットワーク機器・ソリューション機器・それらと不可分のソフトウェアのいずれでもありません"},
    {"other demonstration cost ({0})", "実証のその他経費（{0}）"},
    {"other demonstration cost", "実証のその他経費"},
    {"purchase of '{0}' allowed: unit price {1} JPY tax-included (tax-excluded price with consumption tax) is below "
     "{2} JPY ({3})",
     "「{0}」の購入は可: 単価 {1} 円（税込、税抜価格に消費税を加算）が {2} 円未満（{3}）"},
    {"purchase of '{0}' allowed: unit price {1} JPY tax-included is below {2} JPY ({3})",
     "「{0}」の購入は可: 単価 {1} 円（税込）が {2} 円未満（{3}）"},
    {"purchase of '{0}' allowed because it cannot be leased (reason given: {1}); the reason must be submitted and "
     "accepted by MIC",
     "「{0}」はリースできないため購入可（申請者の理由: {1}）。理由を提出し総務省の了解を得る必要があります"},
    {"purchase of '{0}' (unit price {1} JPY tax-included, not below {2} JPY): {3}",
     "「{0}」の購入は対象外: 単価 {1} 円（税込）が {2} 円以上。{3}"},
    {"purchasing network/solution equipment is excluded: lease or subscribe instead",
     "ネットワーク/ソリューション機器などの物品の購入経費は対象外です。リースまたはサブスクリプションで調達してください"},
    {"purchase excluded", "購入は対象外"},
    {"purchase of '{0}' allowed: usable for {1} years, less than {2} (consumable)",
     "「{0}」の購入は可: 使用可能期間 {1} 年で {2} 年未満（消耗品）"},
    {"radio licence application fees are excluded", "無線局免許の申請手数料は対象外"},
    {"radio licence application fees are not facilities", "無線局免許の申請手数料は設備ではありません"},
    {"radio licence fees are not part of a support project", "無線局免許の手数料は支援事業の経費ではありません"},
    {"radio usage fees are not part of a support project", "電波利用料は支援事業の経費ではありません"},
    {"radio usage fees are running cost", "電波利用料は運用費"},
    {"radio usage fees read as licence-related costs ({0})", "電波利用料を{0}と解釈"},
    {"radio usage fees read as licence-related costs", "電波利用料を免許関係諸費用と解釈"},
    {"running communications cost is not infrastructure development ({0})", "運用中の通信費は{0}に当たりません"},
    {"service cost ({0}) of the demonstration", "実証の{0}"},
    {"service cost ({0}): building the test environment, application development", "{0}: 試験環境の構築、アプリ開発"},
    {"software inseparable from the network or solution equipment", "ネットワーク機器またはソリューション機器と不可分のソフトウェア"},
    {"travel for the demonstration", "実証のための旅費"},
    {"travel is not infrastructure development ({0})", "旅費は{0}に当たりません"},
    {"utilities are running cost, not infrastructure development ({0})", "光熱水費は運用費で、{0}に当たりません"},
    {"utilities of the demonstration", "実証の光熱水費"},
    {"wireless network equipment or connected solution equipment", "無線ネットワーク機器または接続するソリューション機器"},

    /* ---- applicant and project checks of the menu (programme.c): whether the
     * proposal may be submitted at all, so never left in English ---- */
    {"NOT ELIGIBLE {0}: {1}", "申請要件を満たしません {0}: {1}"},
    {"applicant type '{0}' may apply (allowed: {1})", "申請者の種別「{0}」は申請できます（対象: {1}）"},
    {"applicant type '{0}' may not apply (allowed: {1})", "申請者の種別「{0}」は申請できません（対象: {1}）"},
    {"fiscal strength index (財政力指数) not given: it must be below {0} for the applicant's local government",
     "財政力指数が指定されていません。申請する地方公共団体の財政力指数は {0} 未満である必要があります"},
    {"fiscal strength index {0} is below {1}", "財政力指数 {0} は {1} 未満です"},
    {"fiscal strength index {0} is not below {1}", "財政力指数 {0} は {1} 以上のため対象外です"},
    {"a {0} applicant needs a consortium with at least 1 local government (has {1})",
     "{0}が申請者の場合は地方公共団体を1以上含むコンソーシアムが必要です（現在 {1}）"},
    {"a company applicant needs a local government's recommendation and a joint project with it (local "
     "governments: {0})",
     "企業が申請者の場合は地方公共団体の推薦と、地方公共団体との共同での事業実施が必要です（地方公共団体 {0}）"},
    {"the consortium must include at least 1 local government (has {0})",
     "コンソーシアムに地方公共団体を1以上含める必要があります（現在 {0}）"},
    {"a consortium needs at least {0} members, the applicant included (has {1}: give consortium_members)",
     "コンソーシアムは申請者を含め {0} 者以上が必要です（現在 {1}。consortium_members を指定してください）"},
    {"a consortium needs at least {0} members, the applicant included (has {1})",
     "コンソーシアムは申請者を含め {0} 者以上が必要です（現在 {1}）"},
    {"the design combines eligible wireless network and solution equipment",
     "無線ネットワーク設備と接続するソリューション機器を組み合わせた整備です"},
    {"network-only design (internet access service) is not eligible: add connected solution equipment",
     "ネットワークのみの整備（インターネット接続サービス）は対象外です。接続するソリューション機器を加えてください"},
    {"solution-only design is not eligible: the wireless network must be part of it",
     "ソリューション機器のみの整備は対象外です。無線ネットワーク設備を含めてください"},
    {"no eligible network or solution equipment", "補助対象のネットワーク設備・ソリューション機器がありません"},
    {"eligible project size {0} JPY is within the guidance of {1} JPY ({2})",
     "補助対象の事業規模 {0} 円は目安 {1} 円（{2}）の範囲内です"},
    {"eligible project size {0} JPY is at or above the minimum of {1} JPY", "補助対象の事業規模 {0} 円は下限 {1} 円以上です"},
    {"{0} on-site visits a year requested (at most {1})", "現地派遣を年 {0} 回希望（上限 {1} 回）"},
    {"{0} hours of online-only support requested (at most {1})", "オンラインのみの支援を {0} 時間希望（上限 {1} 時間）"},
    {"{0} partner municipalities, at least {1} needed (previously selected: one more than before)",
     "連携市町村 {0}、{1} 以上が必要です（過去に選定: 前回より1以上多く）"},
    {"{0} partner municipalities, at least {1} needed", "連携市町村 {0}、{1} 以上が必要です"},
    {"the applicant needs a recommendation (推薦) from the regional bureau (総合通信局) or a local government",
     "申請には総合通信局又は地方公共団体の推薦が必要です"},
    {"'{0}' is charged for {1} months: only the months inside the demonstration period are eligible, which "
     "normally ends within the fiscal year ({2} months assumed)",
     "「{0}」は {1} か月分の費用です。補助対象は実証期間内の月だけで、実証期間は通常その年度内に終わります（{2} か月と仮定）"},
    {"in-kind support: experts are dispatched by MIC, the applicant's own costs are not reimbursed",
     "現物支援: 総務省が専門家を派遣する支援で、申請者自身の経費は補填されません"},
    {"in-kind support: advisers are dispatched by MIC, the applicant's own costs are not reimbursed",
     "現物支援: 総務省がアドバイザーを派遣する支援で、申請者自身の経費は補填されません"},
    {"support cost of the promotion-structure project (expert dispatch, meetings, travel)",
     "推進体制構築事業の支援経費（専門家派遣・会議・旅費）"},
    {"①-2 (cost categories not itemised in the briefing)", "①-2（経費区分は説明資料に明細なし）"},
    {"purchasing equipment is excluded in ② demonstrations: lease or subscribe instead",
     "② の実証では機器の購入は対象外です。リースまたはサブスクリプションで調達してください"},
    {"municipality", "市区町村"},
    {"prefecture", "都道府県"},
    {"company", "企業"},
    {"nonprofit", "非営利法人・団体"},
    {"gov-funded-corporation", "地方公共団体が出資する法人"},

    /* ---- last: a list "A; B" translates item by item ---- */
    {"{0}; {1}", "{0}; {1}"},
    /* items of lists (after the split above: their {1} would swallow the rest) */
    {"{0} MHz: feasible, TCO {1} M JPY", "{0} MHz: 要件充足、総保有コスト {1} 百万円"},
    {"{0} MHz: not feasible, TCO {1} M JPY", "{0} MHz: 要件不足、総保有コスト {1} 百万円"},
    {"{0} MHz: not feasible", "{0} MHz: 要件不足"},
    /* a check's reason with its rule id appended (programme.c) */
    {"{0} [{1}]", "{0} [{1}]"},
    /* last: "id: phrase" (a mixed design's part notes) translates both sides;
     * text the table does not know stays as written */
    {"{0}: {1}", "{0}: {1}"},
};

#define MAX_DEPTH 24 /* nesting: prefix, suffix, list items each take one level */

typedef struct {
    const char *p[10];
    size_t n[10];
} caps;

/* whole-string match of pat against s[0..len) */
static int match(const char *pat, const char *s, size_t len, caps *c)
{
    while (*pat) {
        if (pat[0] == '{' && pat[1] >= '0' && pat[1] <= '9' && pat[2] == '}') {
            int k = pat[1] - '0';
            const char *rest = pat + 3;
            for (size_t l = 1; l <= len; l++) { /* shortest first */
                if (*rest && *rest != '{' && l < len && s[l] != *rest)
                    continue;
                if (!*rest && l < len)
                    continue;
                c->p[k] = s;
                c->n[k] = l;
                if (match(rest, s + l, len - l, c))
                    return 1;
            }
            return 0;
        }
        if (len == 0 || *pat != *s)
            return 0;
        pat++, s++, len--;
    }
    return len == 0;
}

static void translate(dx__buf *b, const char *s, size_t len, int depth)
{
    caps c;
    if (depth < MAX_DEPTH)
        for (size_t i = 0; i < sizeof PHRASES / sizeof PHRASES[0]; i++) {
            memset(&c, 0, sizeof c);
            if (!match(PHRASES[i].en, s, len, &c))
                continue;
            for (const char *t = PHRASES[i].ja; *t;) {
                if (t[0] == '{' && t[1] >= '0' && t[1] <= '9' && t[2] == '}') {
                    int k = t[1] - '0';
                    if (c.p[k])
                        translate(b, c.p[k], c.n[k], depth + 1);
                    t += 3;
                } else {
                    size_t run = strcspn(t + 1, "{") + 1;
                    dx__buf_appendf(b, "%.*s", (int)run, t);
                    t += run;
                }
            }
            return;
        }
    dx__buf_appendf(b, "%.*s", (int)len, s);
}

/* Amounts of yen in a Japanese phrase are grouped by thousands as a proposal
 * writes them: "6868640 円" -> "6,868,640 円". The notes print their numbers
 * with %.0f for results.json and the console; the Japanese report read
 * "整備費（…: 10410400 円）" and "事業規模 6868640 円は下限 10000000 円"
 * (tests/check_cases.py). Only a whole number (no sign, decimal point or letter
 * next to it) directly before 円 or " 円" is grouped. */
static void put_grouped(dx__buf *b, const char *d, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        if (k > 0 && (n - k) % 3 == 0)
            dx__buf_appendf(b, ",");
        dx__buf_appendf(b, "%c", d[k]);
    }
}

static void group_yen(dx__buf *b, const char *s)
{
    static const char yen[] = "\xe5\x86\x86"; /* 円 */
    for (size_t i = 0; s[i];) {
        size_t n = strspn(s + i, "0123456789");
        int before_ok = i == 0 || !(isalnum((unsigned char)s[i - 1]) || strchr("._-,", s[i - 1]));
        size_t after = i + n + (s[i + n] == ' ');
        /* a range of yen, "10000000-100000000 円": both ends */
        size_t n2 = s[i + n] == '-' ? strspn(s + i + n + 1, "0123456789") : 0;
        size_t after2 = i + n + 1 + n2 + (n2 && s[i + n + 1 + n2] == ' ');
        if (n > 0 && n2 > 0 && before_ok && s[i + n + 1 + n2] != '.' && s[i + n + 1 + n2] != ',' &&
            strncmp(s + after2, yen, 3) == 0) {
            put_grouped(b, s + i, n);
            dx__buf_appendf(b, "-");
            put_grouped(b, s + i + n + 1, n2);
            i += n + 1 + n2;
        } else if (n >= 4 && before_ok && s[i + n] != '.' && s[i + n] != ',' &&
            strncmp(s + after, yen, 3) == 0) {
            put_grouped(b, s + i, n);
            i += n;
        } else if (n > 0) {
            dx__buf_appendf(b, "%.*s", (int)n, s + i);
            i += n;
        } else {
            dx__buf_appendf(b, "%c", s[i]);
            i++;
        }
    }
}

const char *dx__report_phrase(dx_report_lang lang, const char *en, char *buf, size_t cap)
{
    if (!buf || cap == 0)
        return en ? en : "";
    if (!en)
        en = "";
    if (lang != DX_REPORT_LANG_JA) {
        dx__report_utf8_copy(buf, cap, en);
        return buf;
    }
    dx__buf b, g;
    dx__buf_init(&b);
    dx__buf_init(&g);
    translate(&b, en, strlen(en), 0);
    if (!b.failed && b.data)
        group_yen(&g, b.data);
    dx__report_utf8_copy(buf, cap, !g.failed && g.data ? g.data : !b.failed && b.data ? b.data : en);
    dx__buf_dispose(&g);
    dx__buf_dispose(&b);
    return buf;
}
