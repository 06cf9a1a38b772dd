/**
 * Removes personal data from the text of a closed incident so it can become a training scenario:
 * names (with 様・さん・氏 and the like, after 名前は/氏名, and every name the record knows),
 * telephone numbers in any common format, e-mail addresses, postal codes and street addresses,
 * dates (Western and 和暦) and clock times, and named places (stations, schools, shops, buildings).
 * Each distinct value becomes a stable placeholder (〔氏名A〕, 〔氏名B〕 …) so the story stays readable.
 * Pure: no I/O, and the removed values are never returned.
 */
export type ScrubKind = "name" | "phone" | "email" | "postal" | "address" | "date" | "time" | "place";

export interface ScrubResult {
  text: string;
  counts: Record<ScrubKind, number>;
}

const LABEL: Record<ScrubKind, string> = {
  name: "氏名",
  phone: "電話番号",
  email: "メールアドレス",
  postal: "郵便番号",
  address: "住所",
  date: "日付",
  time: "時刻",
  place: "場所",
};
/** Kinds whose distinct values get letters (so readers can tell two people apart). */
const LETTERED = new Set<ScrubKind>(["name", "place", "address"]);

/** Folds full-width ASCII and dash variants to ASCII one character for one, so offsets stay valid. */
export function foldWidth(s: string): string {
  let out = "";
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    if (c >= 0xff01 && c <= 0xff5e) out += String.fromCodePoint(c - 0xfee0);
    else if (c === 0x3000) out += " ";
    else if ("‐‑‒–—―−ー－".includes(ch)) out += ch === "ー" ? ch : "-";
    else out += ch;
  }
  return out;
}

const HAN = "\\p{Script=Han}々〆ヶ";
const KATA = "\\p{Script=Katakana}ー";
const KANJI_NUM = "〇一二三四五六七八九十百千";

/** Words before さん/様 that are roles, not names. */
const NOT_NAMES = new Set([
  "客", "お客", "皆", "皆々", "職員", "担当", "担当者", "課長", "係長", "部長", "所長", "区長", "市長", "社長", "局長", "次長", "室長", "主任", "議員", "先生",
  "住民", "市民", "区民", "相手", "本人", "家族", "奥", "息子", "娘", "子供", "隣", "近所", "大家", "管理人", "利用者", "申請者", "相談者", "来庁者", "納税者",
  "受給者", "上司", "同僚", "医者", "患者", "運転手", "弁護士", "警察", "警官", "役所", "神", "仏", "母", "父", "兄", "姉", "弟", "妹", "祖父", "祖母", "旦那", "嫁",
  "親御", "御中", "各位", "殿", "業者", "店員", "窓口", "受付", "男性", "女性", "男", "女", "高齢者", "年配", "外国人",
]);

/** Hiragana words before さん/様 that are not names. */
const HIRAGANA_NOT_NAMES = /^(?:みな|みんな|おばあ|おじい|おかあ|おとう|おにい|おねえ|おく|だんな|おまわり|おいしゃ|おきゃく|おとなり|おやご|あかちゃ|ごしゅじ|ごかぞく|ごほんにん|おこ|おじょう|ぼっちゃ|おばあちゃ|おじいちゃ|おかみ|おばさ|おじさ|おば|おじ)$/;

const HONORIFIC = "(?:様|さま|サマ|さん|サン|氏|殿|くん|君|ちゃん|先生)";

type Span = { start: number; end: number; kind: ScrubKind; value: string };

function collect(re: RegExp, folded: string, kind: ScrubKind, spans: Span[], group = 0, accept?: (m: RegExpExecArray) => boolean) {
  re.lastIndex = 0;
  for (let m = re.exec(folded); m; m = re.exec(folded)) {
    if (m[0] === "") {
      re.lastIndex++;
      continue;
    }
    if (accept && !accept(m)) continue;
    const text = m[group];
    if (!text) continue;
    const start = m.index + (group === 0 ? 0 : m[0].indexOf(text));
    spans.push({ start, end: start + text.length, kind, value: text });
  }
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The parts of a known full name worth searching for (whole name, name without spaces, parts of 2+ characters). */
function nameVariants(name: string): string[] {
  const clean = foldWidth(name)
    .replace(/[（(][^）)]*[）)]/g, "")
    .replace(/(様|さま|さん|氏|殿)$/, "")
    .trim();
  if (!clean) return [];
  const parts = clean.split(/[\s・]+/).filter(Boolean);
  const out = new Set<string>([clean, parts.join(""), parts.join(" ")]);
  for (const p of parts) if ([...p].length >= 2) out.add(p);
  return [...out].filter((v) => [...v].length >= 2).sort((a, b) => b.length - a.length);
}

export function scrubPersonalData(input: string, knownNames: readonly string[] = []): ScrubResult {
  const folded = foldWidth(input.normalize("NFC"));
  const text = input.normalize("NFC");
  const spans: Span[] = [];

  // e-mail first (an address contains digits that look like other things)
  collect(/[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g, folded, "email", spans);
  // postal codes: 〒980-8671, 980-8671 (3-4 digits)
  collect(/(?:〒\s?)?(?<![\d-])\d{3}-\d{4}(?![\d-])/g, folded, "postal", spans);
  collect(/〒\s?\d{7}(?!\d)/g, folded, "postal", spans);
  // telephone: +81 90-1234-5678, 090-1234-5678, 022(214)1207, 022-214-1207, 0120-123-456, 09012345678, #9110 is not a person's number
  collect(/(?:\+81[\s-]?\(?0?\)?\d{1,4}|\(0\d{1,4}\)|(?<!\d)0\d{1,4})[\s-]?\(?\d{1,4}\)?[\s-]?\d{3,4}(?!\d)/g, folded, "phone", spans, 0, (m) => m[0].replace(/\D/g, "").length >= 10);
  // 和暦 and Western dates, with optional weekday
  const era = "(?:令和|平成|昭和|大正|R|H|S)";
  const num = `(?:\\d{1,4}|[${KANJI_NUM}]{1,4}|元)`;
  const weekday = "(?:\\s?[(（][月火水木金土日](?:曜日?)?[)）])?";
  collect(new RegExp(`${era}\\s?${num}年(?:度)?(?:\\s?${num}月(?:\\s?${num}日)?)?${weekday}`, "gu"), folded, "date", spans);
  collect(/(?<![\d.])(?:R|H|S)\d{1,2}[./]\d{1,2}[./]\d{1,2}(?![\d.])/g, folded, "date", spans);
  collect(new RegExp(`(?<!\\d)\\d{4}\\s?年\\s?\\d{1,2}\\s?月(?:\\s?\\d{1,2}\\s?日)?${weekday}`, "gu"), folded, "date", spans);
  collect(/(?<![\d./])\d{4}[/.-]\d{1,2}[/.-]\d{1,2}(?![\d./])/g, folded, "date", spans);
  collect(new RegExp(`(?<![\\d年])(?:\\d{1,2}|[${KANJI_NUM}]{1,3})月\\s?(?:\\d{1,2}|[${KANJI_NUM}]{1,3})日${weekday}`, "gu"), folded, "date", spans);
  collect(/(?<![\d/.:-])\d{1,2}\/\d{1,2}(?![\d/.])/g, folded, "date", spans);
  // clock times (not durations such as 2時間 or 30分間)
  collect(/(?:午前|午後|朝|夕方|夜)?\s?(?<!\d)\d{1,2}時(?!間)(?:\s?\d{1,2}分(?!間))?(?:半)?(?:頃|ごろ)?/g, folded, "time", spans);
  collect(/(?:午前|午後)?(?<![\d:])\d{1,2}:\d{2}(?![\d:])/g, folded, "time", spans);
  // street addresses: [prefecture] city/ward/town … then a block number (丁目, 番地, 号, or 1-2-3)
  const block = `(?:[${KANJI_NUM}\\d]+丁目)?(?:\\s?[${KANJI_NUM}\\d]+(?:番地?|-|の)){1,3}(?:[${KANJI_NUM}\\d]+号?)?`;
  const building = `(?:\\s?[${HAN}${KATA}A-Za-z]{0,14}\\d{1,4}号室|\\s?[${HAN}${KATA}A-Za-z]{1,12}(?:マンション|ハイツ|コーポ|荘|アパート|ビル|団地|レジデンス))?`;
  collect(
    new RegExp(`(?:(?:東京都|北海道|京都府|大阪府|[${HAN}]{2,3}県)\\s?)?(?:[${HAN}${KATA}]{1,6}(?:市|郡))?(?:[${HAN}${KATA}]{1,5}(?:区|町|村))?[${HAN}${KATA}ぁ-ゖ]{0,8}?${block}${building}`, "gu"),
    folded,
    "address",
    spans,
    0,
    (m) => /[市区町村郡県都府道]/.test(m[0]) && /[\d丁番号]/.test(m[0]) && /[\d一二三四五六七八九十]/.test(m[0]),
  );
  // named places: a proper name followed by a kind of place
  collect(
    new RegExp(`[${HAN}${KATA}A-Za-z]{1,10}(?:駅|公園|病院|医院|クリニック|小学校|中学校|高等学校|高校|大学|幼稚園|保育園|保育所|スーパー|商店街|店|ビル|マンション|ハイツ|団地|郵便局|銀行|交番|警察署|神社|寺|ホテル)`, "gu"),
    folded,
    "place",
    spans,
    0,
    (m) => !/^(?:この|その|あの|近くの|同じ|市役所|区役所)?(?:店|ビル)$/.test(m[0]) && !/^(?:市立|区立|最寄り|近く|近所|同じ)/.test(m[0].slice(0, 2)),
  );
  const prefixed = "(?:スーパー|ホテル|コンビニ|カフェ|レストラン|コーポ|ハイツ|メゾン|パレス)";
  collect(new RegExp(`${prefixed}[${HAN}${KATA}A-Za-z]{1,12}(?:\\s?\\d{1,4}号室)?`, "gu"), folded, "place", spans);
  collect(
    /(?<=^|[^ぁ-ゖ]|[のでにとへはがを])[ぁ-ゖ]{2,8}(?:駅|公園|病院|医院|クリニック|小学校|中学校|幼稚園|保育園|保育所|商店街|店|郵便局|銀行|ホテル)/gu,
    folded,
    "place",
    spans,
  );
  // names the record knows (counterpart, staff)
  for (const name of knownNames) {
    for (const v of nameVariants(name)) collect(new RegExp(escapeRe(v), "g"), folded, "name", spans);
  }
  // names with an honorific: 田中様, 田中 太郎さん, タナカさん, 佐藤氏
  collect(
    new RegExp(`((?:[${HAN}]{1,4}[ ]?[${HAN}]{1,4}|[${HAN}]{1,6}|[${KATA}]{2,12}(?:[ ・][${KATA}]{2,12})?))\\s?${HONORIFIC}`, "gu"),
    folded,
    "name",
    spans,
    1,
    (m) => !NOT_NAMES.has((m[1] ?? "").replace(/^お/, "")) && !NOT_NAMES.has(m[1] ?? ""),
  );
  // names written in hiragana: さとう様, たなか さん (never みなさん, おばあさん and the like)
  collect(/(?<![ぁ-ゖ])([ぁ-ゖ]{2,6})\s?(?:様|さま|さん|氏)/gu, folded, "name", spans, 1, (m) => !HIRAGANA_NOT_NAMES.test(m[1] ?? "") && !/[はがをにでともへの]$/.test((m[1] ?? "").slice(-1)));
  // 名前は田中太郎, 氏名: 山田 花子, 鈴木と名乗る
  collect(new RegExp(`(?:お?名前は|氏名[:：]?|名義は)\\s?([${HAN}]{1,4}[ ]?[${HAN}]{0,4}|[${KATA}]{2,12}|[ぁ-ゖ]{2,8}(?=[、。と です]))`, "gu"), folded, "name", spans, 1);
  collect(new RegExp(`([${HAN}]{1,6}|[${KATA}]{2,12})(?=と(?:名乗|いう|言う)(?:る|り|った|者|男|女|方))`, "gu"), folded, "name", spans, 1, (m) => !NOT_NAMES.has(m[1] ?? ""));
  // romanised names with titles: Mr. Tanaka, Ms Sato
  collect(/\b(?:Mr|Mrs|Ms|Miss|Dr)\.?\s[A-Z][a-z]+(?:\s[A-Z][a-z]+)?/g, folded, "name", spans);

  // Resolve overlaps: earlier start wins, then the longer span; higher-priority kinds were collected first.
  spans.sort((a, b) => a.start - b.start || b.end - b.start - (a.end - a.start));
  const chosen: Span[] = [];
  for (const s of spans) {
    const last = chosen[chosen.length - 1];
    if (last && s.start < last.end) {
      if (s.end > last.end && s.kind === last.kind) last.end = s.end;
      continue;
    }
    chosen.push({ ...s });
  }

  const counts: Record<ScrubKind, number> = { name: 0, phone: 0, email: 0, postal: 0, address: 0, date: 0, time: 0, place: 0 };
  const letters = new Map<string, string>();
  const perKind: Record<string, number> = {};
  let out = "";
  let pos = 0;
  for (const s of chosen) {
    out += text.slice(pos, s.start);
    counts[s.kind]++;
    let label = LABEL[s.kind];
    if (LETTERED.has(s.kind)) {
      const key = `${s.kind}:${folded.slice(s.start, s.end).replace(/\s/g, "")}`;
      let letter = letters.get(key);
      // 田中 and 田中太郎 are the same person in one record: a name that extends (or is part of) a known one shares its letter.
      if (!letter && s.kind === "name") {
        const v = key.slice(5);
        for (const [k, l] of letters) if (k.startsWith("name:") && (k.slice(5).startsWith(v) || v.startsWith(k.slice(5)))) letter = l;
        if (letter) letters.set(key, letter);
      }
      if (!letter) {
        const n = perKind[s.kind] ?? 0;
        perKind[s.kind] = n + 1;
        letter = n < 26 ? String.fromCharCode(65 + n) : String(n + 1);
        letters.set(key, letter);
      }
      label += letter;
    }
    out += `〔${label}〕`;
    pos = s.end;
  }
  out += text.slice(pos);
  return { text: out, counts };
}
