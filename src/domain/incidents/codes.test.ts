import assert from "node:assert/strict";
import { test } from "node:test";
import { BEHAVIOUR_CODES, BEHAVIOUR_CODE_LIST, CHANNELS, CHANNEL_LABELS, GROUPS, codesOfGroup, groupsOf, isBehaviourCode } from "./codes.ts";

test("every channel has Japanese and English labels, matching the domain's six channels", () => {
  assert.deepEqual(
    CHANNELS.map((c) => CHANNEL_LABELS[c].ja),
    ["窓口・対面", "電話", "訪問", "メール", "文書", "SNS・インターネット"],
  );
  for (const c of CHANNELS) assert.ok(CHANNEL_LABELS[c].en);
});

test("every code maps to one of the five groups and has both labels; every group has codes", () => {
  for (const code of BEHAVIOUR_CODE_LIST) {
    const info = BEHAVIOUR_CODES[code];
    assert.ok((GROUPS as readonly number[]).includes(info.group), code);
    assert.ok(info.ja && info.en, code);
  }
  for (const g of GROUPS) assert.ok(codesOfGroup(g).length >= 2, `group ${g}`);
  assert.equal(BEHAVIOUR_CODES.dogeza_demand.group, 3);
  assert.equal(BEHAVIOUR_CODES.restraint.group, 1);
  assert.equal(BEHAVIOUR_CODES.sexual_conduct.group, 5);
});

test("groupsOf collects distinct groups from group codes and finer codes, ignoring unknown ones", () => {
  assert.deepEqual(groupsOf(["threat", "group2", "restraint", "nonsense"]), [1, 2]);
  assert.equal(isBehaviourCode("nonsense"), false);
  assert.equal(isBehaviourCode("toString"), false);
});
