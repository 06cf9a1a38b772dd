import assert from "node:assert/strict";
import { test } from "node:test";
import { foldWidth, scrubPersonalData } from "./scrub.ts";

const leaks = (out: string, secrets: string[]) => secrets.filter((s) => out.includes(s));

test("a realistic counter incident loses every name, number, address, date and place", () => {
  const record = `令和7年11月14日(金)午後2時15分ごろ、中央区役所戸籍住民課の窓口に来庁した田中 太郎様(仙台市青葉区国分町3丁目7-1 コーポ青葉203号室在住、〒980-8671)が、
住民票の交付が遅いと大声を上げた。田中様は「泉さんは無能だ、税金泥棒」と繰り返し、机をたたいた。
連絡先は090-1234-5678、自宅は022(214)1207、メールはtaro.tanaka@example.jp とのこと。
翌日11月15日にも電話があり、「長町駅で待ち伏せする」と発言。対応は2時間に及んだ。担当者さんと上司の宮城課長が対応した。`;
  const { text, counts } = scrubPersonalData(record, ["泉 さくら", "宮城 誠(戸籍住民課長)"]);
  assert.deepEqual(
    leaks(text, ["田中", "太郎", "国分町", "コーポ青葉", "203", "980-8671", "090-1234-5678", "214", "1207", "taro.tanaka", "example.jp", "令和7年", "11月14日", "11月15日", "2時15分", "長町駅", "泉さん", "宮城"]),
    [],
    text,
  );
  // what a trainee needs stays: the words used, the duration, the department's kind of counter, roles
  for (const kept of ["無能だ、税金泥棒", "机をたたいた", "2時間に及んだ", "担当者さん", "窓口", "住民票の交付が遅い"]) assert.ok(text.includes(kept), `${kept} kept: ${text}`);
  // one person, one letter
  assert.match(text, /〔氏名A〕様\(/);
  assert.match(text, /〔氏名A〕様は/);
  assert.ok(counts.name >= 3 && counts.phone === 2 && counts.email === 1 && counts.date >= 2 && counts.place >= 1 && counts.address >= 1, JSON.stringify(counts));
});

test("telephone numbers in every common format", () => {
  const numbers = ["090-1234-5678", "09012345678", "０９０－１２３４－５６７８", "022-214-1207", "022(214)1207", "(022)214-1207", "0120-123-456", "+81-90-1234-5678", "+81 22 214 1207", "080 1234 5678", "03-1234-5678"];
  for (const n of numbers) {
    const { text } = scrubPersonalData(`電話番号は${n}です。`);
    assert.equal(text, "電話番号は〔電話番号〕です。", n);
  }
  // not phone numbers: amounts, durations, the police consultation line, incident numbers
  const { text } = scrubPersonalData("10万円を要求。30分間の通話。#9110に相談。事案番号 2025-000123。");
  assert.equal(text, "10万円を要求。30分間の通話。#9110に相談。事案番号 2025-000123。");
});

test("names with 様・さん・氏・くん, after 名前は / 氏名, 「…と名乗る」, katakana and romanised names", () => {
  const cases: Array<[string, string[]]> = [
    ["鈴木様から苦情", ["鈴木"]],
    ["佐藤 花子さんが来庁", ["佐藤", "花子"]],
    ["高橋氏は納得しなかった", ["高橋"]],
    ["お名前は伊藤健一とのこと", ["伊藤健一"]],
    ["氏名：渡辺 美咲", ["渡辺", "美咲"]],
    ["山本と名乗る男性が電話してきた", ["山本"]],
    ["スミスさんが通訳を依頼", ["スミス"]],
    ["Mr. Johnson called again", ["Johnson"]],
    ["キム・ミンジュン様の件", ["キム", "ミンジュン"]],
  ];
  for (const [input, secrets] of cases) {
    const { text } = scrubPersonalData(input);
    assert.deepEqual(leaks(text, secrets), [], `${input} → ${text}`);
    assert.match(text, /〔氏名A〕/, input);
  }
  for (const input of ["さとう様が来庁", "電話の相手は、たなか さんと名乗った"]) {
    const { text } = scrubPersonalData(input);
    assert.ok(!/さとう|たなか/.test(text), `${input} → ${text}`);
  }
  assert.equal(scrubPersonalData("みなさんとおばあさんとおくさん").text, "みなさんとおばあさんとおくさん");
  // roles before さん/様 are not names
  assert.equal(scrubPersonalData("お客様が担当者さんに職員さんを呼ぶよう求めた").text, "お客様が担当者さんに職員さんを呼ぶよう求めた");
});

test("e-mail addresses, postal codes and addresses", () => {
  const { text } = scrubPersonalData("ｍａｉｌ：ｙａｍａｄａ＠ｅｘａｍｐｌｅ．ｃｏｍ、宮城県仙台市若林区荒井一丁目2番3号、〒９８０－０８１１、東京都新宿区西新宿2-8-1 に住む。");
  assert.deepEqual(leaks(text, ["yamada", "ｙａｍａｄａ", "荒井", "若林区", "980", "９８０", "西新宿", "2-8-1"]), [], text);
  assert.match(text, /〔メールアドレス〕/);
  assert.match(text, /〔郵便番号〕/);
  assert.match(text, /〔住所A〕.*〔住所B〕/);
});

test("dates in Western and 和暦 forms, and clock times; durations stay", () => {
  const inputs = ["令和6年4月1日", "令和元年5月1日", "平成三十一年四月三十日", "R6.4.1", "2024年4月1日(月)", "2024/04/01", "2024-4-1", "4月1日", "四月一日", "12/24"];
  for (const d of inputs) assert.equal(scrubPersonalData(`${d}に来庁`).text, "〔日付〕に来庁", d);
  assert.equal(scrubPersonalData("午前10時30分から").text, "〔時刻〕から");
  assert.equal(scrubPersonalData("14:05に切電").text, "〔時刻〕に切電");
  assert.equal(scrubPersonalData("3時間居座り、30分間怒鳴った").text, "3時間居座り、30分間怒鳴った");
});

test("named places are replaced, generic ones stay", () => {
  const { text } = scrubPersonalData("仙台駅前のスーパーマルヤで会い、その後ひまわり保育園と青葉通病院に電話。市役所の1階窓口で対応。");
  assert.deepEqual(leaks(text, ["仙台駅", "マルヤ", "ひまわり", "青葉通病院"]), [], text);
  assert.ok(text.includes("市役所の1階窓口で対応"), text);
});

test("known names from the record are removed wherever they appear, including given names", () => {
  const { text } = scrubPersonalData("相手は「さくらを出せ」と言い、泉さくらさんが応対した。", ["泉 さくら"]);
  assert.deepEqual(leaks(text, ["さくら"]), [], text);
});

test("full-width folding keeps offsets one for one", () => {
  const s = "ＴＥＬ０９０－１２３４";
  assert.equal(foldWidth(s).length, s.length);
  assert.equal(foldWidth(s), "TEL090-1234");
});
