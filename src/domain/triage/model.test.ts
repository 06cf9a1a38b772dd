import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { validateLexicon } from "./compile.ts";
import { defaultModel } from "./default-model.ts";
import { modelInput, triage } from "./engine.ts";
import { DEFAULT_LEXICON, extendLexicon } from "./lexicon.ts";
import { previewLexiconChange } from "./preview.ts";
import { chunksOf, CHUNK_CHARS, loadModel, MODEL_HEADS, scoreText, serialiseModel, tailOf, type TriageModel } from "./model.ts";

/**
 * A hand-made model whose features are made-up words no rule knows, so each test controls
 * exactly what the model sees: ぴよ → urgent, もふ → group 4, のっぺ → group 5.
 */
function tinyModel(): TriageModel {
  const features = ["ぴよ", "もふ", "のっぺ", "無能", "ふつう"];
  const H = MODEL_HEADS.length;
  const weights = new Float32Array(features.length * H);
  weights[0 * H + 5] = 8; // ぴよ → urgent
  weights[1 * H + 3] = 8; // もふ → g4
  weights[2 * H + 4] = 8; // のっぺ → g5
  weights[3 * H + 1] = 8; // 無能 → g2
  weights[4 * H + 6] = 12; // ふつう → legit
  return loadModel(
    serialiseModel({
      version: "test-1",
      maxN: 3,
      thresholds: [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.9],
      bias: [-4, -4, -4, -4, -4, -4, -4],
      features,
      weights,
      trainedOn: { messages: 0, parts: [] },
    }),
  );
}

describe("learned model next to the rules", () => {
  it("raises a message the rules leave alone, with the sentence as evidence and the model named", () => {
    const model = tinyModel();
    const text = "先日の件です。明日ぴよぴよしに行きます。よろしく。";
    const r = triage(text, { model });
    assert.equal(r.flag, "urgent");
    assert.deepEqual(r.groups, [2]);
    assert.equal(r.modelVersion, "test-1");
    const s = r.signals[0];
    assert.ok(s);
    assert.equal(s.code, "learned_threat");
    assert.equal(s.rule, "model.urgent@test-1");
    assert.equal(s.text, "明日ぴよぴよしに行きます。");
    assert.equal(text.slice(s.start, s.end), s.text);
    assert.match(s.explanationJa, /学習モデル（版 test-1）/);
    assert.match(s.explanationJa, /「ぴよ」/);
    assert.match(s.explanationEn ?? "", /learned model/);
    // the rules alone see nothing here
    assert.equal(triage(text, { model: null }).flag, "none");
    assert.equal(triage(text, { model: null }).modelVersion, null);
  });

  it("evidence offsets point into the original text through width and kana changes", () => {
    const text = "ＦＡＸです。\nあいつにﾋﾟﾖﾋﾟﾖしてやる\nでは。";
    const r = triage(text, { model: tinyModel() });
    const s = r.signals.find((x) => x.code === "learned_threat");
    assert.ok(s);
    assert.equal(text.slice(s.start, s.end), "あいつにﾋﾟﾖﾋﾟﾖしてやる");
  });

  it("only adds groups the rules did not find", () => {
    const model = tinyModel();
    const both = triage("お前の顔写真をネットに晒してやる。もふもふ。", { model });
    assert.deepEqual(both.groups, [4]);
    assert.ok(both.signals.every((s) => !s.code.startsWith("learned_")));
    const extra = triage("お前の顔写真をネットに晒してやる。のっぺりした顔だな。", { model });
    assert.deepEqual(extra.groups, [4, 5]);
    assert.deepEqual(
      extra.signals.filter((s) => s.code.startsWith("learned_")).map((s) => s.code),
      ["learned_discrimination"],
    );
  });

  it("does not read what the rules let pass: reported speech, negation, benign senses", () => {
    const model = tinyModel();
    assert.equal(triage("職員に『無能』と言われたのが悲しかったです。", { model }).flag, "none");
    assert.match(modelInput("職員に『無能』と言われた"), /^職員に\uFFFD+と言われた$/);
    assert.equal(triage("お前は無能だ", { model }).flag, "review");
    assert.doesNotMatch(modelInput("殺すつもりはない"), /殺す/);
    assert.doesNotMatch(modelInput("台所の殺菌について"), /殺菌/);
  });

  it("does not read a clause whose writer denies the intent, even where no rule fired (round 10)", () => {
    assert.doesNotMatch(modelInput("謝罪文がほしいわけじゃないんよ。次から気をつけてくれたらええ。"), /謝罪文/);
    assert.match(modelInput("謝罪文がほしいわけじゃないんよ。次から気をつけてくれたらええ。"), /次から気をつけてくれたらええ。$/);
    assert.doesNotMatch(modelInput("居座るつもりはありません。今日は帰ります。"), /つもり/);
    // only the denied clause: what follows in the next sentence is still read
    const text = "殴るつもりはない。ぴよぴよしてやる。";
    assert.match(modelInput(text), /ぴよぴよしてやる。$/);
    assert.equal(triage(text, { model: tinyModel() }).flag, "urgent");
  });

  it("scores the last sentences of a longer text on their own, so a closing threat is not diluted (round 10)", () => {
    const ordinary = "いつもお世話になっております。中町の者です。先日、固定資産税の評価額についてお尋ねしました。窓口でいただいた資料の説明が、ふつうの人にはよく分かりませんでした。昨年と比べて大きく上がった理由も知りたいです。もう一度、丁寧に教えていただけますか。";
    const text = `${ordinary}ぴよしてやる。`;
    const tail = tailOf(text);
    assert.ok(tail);
    // the last sentences (the closing punctuation left out), starting after a sentence end
    assert.match(text.slice(tail[0], tail[1]), /^昨年と比べて.*。もう一度、丁寧に教えていただけますか。ぴよしてやる$/);
    assert.equal(text[tail[0] - 1], "。");
    assert.equal(tailOf("短い文です。ぴよ。"), null, "a short text has no separate tail");
    // a closing form line is template, not the message's last sentence
    const form = `${text}\n回答の要否：要（メールにて）\n`;
    assert.deepEqual(tailOf(form), tail);
    // Scored with the ordinary text (ふつう), ぴよ is diluted; the tail alone is what raises urgent.
    const model = tinyModel();
    const whole = scoreText(model, text);
    assert.deepEqual(whole.chunks[5], tail);
    assert.ok((whole.probabilities[5] as number) > 0.95, "urgent from the tail");
    // the other heads never read the tail alone
    for (const h of [0, 1, 2, 3, 4, 6]) assert.deepEqual(whole.chunks[h], [0, text.length], `head ${h}`);
  });

  it("scores long texts by chunks of whole sentences, so one buried sentence still counts", () => {
    const filler = "道路の補修についてご相談があります。".repeat(400);
    const text = `${filler}ぴよぴよしてやる。${filler}`;
    const chunks = chunksOf(text);
    assert.ok(chunks.length > 1);
    assert.ok(chunks.every(([a, b]) => b - a <= CHUNK_CHARS));
    assert.deepEqual(chunks.map(([a, b]) => text.slice(a, b)).join(""), text);
    const r = triage(text, { model: tinyModel() });
    assert.equal(r.flag, "urgent");
    const s = r.signals[0];
    assert.equal(s?.text, "ぴよぴよしてやる。");
    assert.equal(s?.start, filler.length);
  });

  it("a saved model loads back to the same scores; broken model data is refused", () => {
    const m = tinyModel();
    const again = loadModel(
      serialiseModel({ version: m.version, maxN: m.maxN, thresholds: m.thresholds, bias: m.bias, features: m.features, weights: m.weights, trainedOn: { messages: 0, parts: [] } }),
    );
    assert.deepEqual(scoreText(again, "もふもふとぴよ").probabilities, scoreText(m, "もふもふとぴよ").probabilities);
    const data = serialiseModel({ version: "x", maxN: 2, thresholds: [1, 1, 1, 1, 1, 1, 1], bias: [0, 0, 0, 0, 0, 0, 0], features: ["あい"], weights: new Float32Array(7), trainedOn: { messages: 0, parts: [] } });
    assert.throws(() => loadModel({ ...data, features: ["あい", "うえ"] }), /do not match/);
    assert.throws(() => loadModel({ ...data, thresholds: [1, 1] }), /unsupported/);
    assert.throws(() => loadModel({ ...data, format: 1 as never }), /unsupported/);
  });

  it("the legit head holds back the rules' review signals, shown as such, but never a threat or a repeat", () => {
    const model = tinyModel();
    const text = "ふつうのご連絡です。あの職員は無能だ。ふつうに。";
    const rules = triage(text, { model: null });
    assert.equal(rules.flag, "review", "the rules alone flag 無能");
    const r = triage(text, { model });
    assert.equal(r.flag, "none");
    const held = r.suppressed.find((s) => s.reason === "learned_model");
    assert.ok(held);
    assert.equal(held.by, "model.legit@test-1");
    assert.equal(held.rule, rules.signals[0]?.rule);
    // a threat is never vetoed
    assert.equal(triage("ふつうのご連絡です。ふつうに殺すぞ。", { model }).flag, "urgent");
    // without the legit head's evidence (ふつう) nothing is held back
    assert.equal(triage("ご連絡です。あの職員は無能だ。", { model }).flag, "review");
  });

  it("the lexicon test box shows a new match the model would hold back", () => {
    const entry = { id: "custom.hoge", group: 2 as const, code: "verbal_abuse" as const, severity: "review" as const, patterns: ["ほげほげ"], explanationJa: "x" };
    const extended = extendLexicon(DEFAULT_LEXICON, { version: "2026.test", entries: [entry] });
    const preview = previewLexiconChange(
      DEFAULT_LEXICON,
      extended,
      [
        { id: "held", text: "ふつうのご連絡です。ほげほげ。ふつうに。" },
        { id: "flagged", text: "ご連絡です。ほげほげ。" },
      ],
      { model: tinyModel() },
    );
    const held = preview.changes.find((c) => c.id === "held");
    assert.equal(held?.after.flag, "none");
    assert.deepEqual(held?.heldBack.map((h) => h.text), ["ほげほげ"]);
    assert.equal(preview.changes.find((c) => c.id === "flagged")?.after.flag, "review");
  });

  it("the model's demand and online heads do not count in a passage that names a lawful route", () => {
    const model = tinyModel();
    assert.deepEqual(triage("この件はもふもふしておきます。", { model }).groups, [4]);
    assert.equal(triage("この件は報道機関に情報提供し、もふもふしておきます。", { model }).flag, "none");
  });

  it("rules cannot use the model's codes", () => {
    const problems = validateLexicon({
      ...DEFAULT_LEXICON,
      entries: [{ id: "custom.x", group: 2, code: "learned_abuse", severity: "review", patterns: ["ほげ"], explanationJa: "x" }],
    });
    assert.ok(problems.some((p) => /学習モデル専用/.test(p.messageJa) && /reserved/.test(p.messageEn)));
  });
});

describe("the shipped model", () => {
  it("is versioned and recorded with each result", () => {
    const m = defaultModel();
    assert.match(m.version, /^r\d+-[0-9a-f]{8}$/);
    assert.ok(m.features.length > 1000);
    assert.ok(m.thresholds.every((t) => t > 0 && t <= 1.01));
    assert.equal(m.thresholds.length, MODEL_HEADS.length);
    assert.ok(m.urgentWithGroup2 <= (m.thresholds[5] as number));
    assert.equal(triage("住民票の写しを取りたいです。").modelVersion, m.version);
  });

  it("keeps the issue's hard negatives unflagged next to the rules", () => {
    for (const text of [
      "殺菌", "燃えるごみ", "爆発的な人気", "死亡届", "職員に『無能』と言われた", "殺すつもりはない",
      "弁護士に相談します", "情報公開請求をします", "住民監査請求を行います", "行政不服審査を申し立てます",
      "議員に相談します", "報道機関に情報提供します", "説明に納得できません。腹が立っています。",
      "窓口の対応がひどすぎる。改善してください。", "台所の殺菌に使う漂白剤の薄め方を教えてください。",
    ]) {
      assert.equal(triage(text).flag, "none", text);
    }
  });

  it("never crashes on extreme input", () => {
    const big = `${"区役所の窓口で説明を受けました。".repeat(60_000)}`;
    assert.ok(big.length > 900_000);
    assert.equal(triage(big).flag, "none");
    const garbage = String.fromCharCode(...Array.from({ length: 5000 }, (_, i) => (i * 7919) % 65536));
    assert.ok(["none", "review", "urgent"].includes(triage(garbage).flag));
    assert.equal(triage("").flag, "none");
  });
});
