/**
 * Behaviour groups of the policy (the five groups of the Sendai basic policy) and the finer
 * signal codes the triage engine emits. Each code maps to one group and to the national
 * manual's finer category, with labels for the UI.
 */
export type BehaviourGroup = 1 | 2 | 3 | 4 | 5;

export const GROUP_LABELS: Record<BehaviourGroup, { ja: string; en: string }> = {
  1: { ja: "長時間拘束・執拗な要望", en: "Long restraint / persistent demands" },
  2: { ja: "暴行・暴言・威嚇・脅迫", en: "Violence, abuse, intimidation, threats" },
  3: { ja: "不当・過剰な要求", en: "Unjustified or excessive demands" },
  4: { ja: "ネット上での誹謗中傷・拡散", en: "Online defamation / exposure" },
  5: { ja: "差別的言動・セクハラ", en: "Discrimination / sexual harassment" },
};

export type Severity = "urgent" | "review";

export interface CodeInfo {
  group: BehaviourGroup;
  labelJa: string;
  labelEn: string;
  /** Category of the national manual (カスタマーハラスメント対策企業マニュアル等) this code refines. */
  manualCategoryJa: string;
}

export const SIGNAL_CODES = {
  repeated_demand: { group: 1, labelJa: "同一内容の繰り返し", labelEn: "Repeated demand", manualCategoryJa: "継続的・執拗な言動" },
  persistent_demand: { group: 1, labelJa: "執拗な要望の予告", labelEn: "Persistent demand", manualCategoryJa: "継続的・執拗な言動" },
  restraint: { group: 1, labelJa: "居座り・長時間拘束", labelEn: "Restraint / refusing to leave", manualCategoryJa: "拘束的な行動(不退去・居座り)" },
  nitpicking: { group: 1, labelJa: "揚げ足取り", labelEn: "Nitpicking staff's words", manualCategoryJa: "継続的・執拗な言動" },
  threat_kill: { group: 2, labelJa: "殺害の脅迫", labelEn: "Threat to kill", manualCategoryJa: "精神的な攻撃(脅迫)" },
  violence_threat: { group: 2, labelJa: "暴行の予告", labelEn: "Threat of violence", manualCategoryJa: "身体的な攻撃" },
  harm_plan: { group: 2, labelJa: "危害の計画・示唆", labelEn: "Plan to cause harm", manualCategoryJa: "身体的な攻撃" },
  arson: { group: 2, labelJa: "放火の予告", labelEn: "Arson threat", manualCategoryJa: "精神的な攻撃(脅迫)" },
  bomb: { group: 2, labelJa: "爆破の予告", labelEn: "Bomb threat", manualCategoryJa: "精神的な攻撃(脅迫)" },
  physical_attack: { group: 2, labelJa: "暴行・物への攻撃", labelEn: "Physical attack", manualCategoryJa: "身体的な攻撃" },
  verbal_abuse: { group: 2, labelJa: "暴言・侮辱", labelEn: "Verbal abuse", manualCategoryJa: "精神的な攻撃" },
  intimidation: { group: 2, labelJa: "威嚇・威圧", labelEn: "Intimidation", manualCategoryJa: "威圧的な言動" },
  personal_attack_on_staff: { group: 2, labelJa: "職員個人への攻撃", labelEn: "Attack on an individual staff member", manualCategoryJa: "従業員個人への攻撃・要求" },
  money_demand: { group: 3, labelJa: "金銭の要求", labelEn: "Demand for money", manualCategoryJa: "金銭補償の要求" },
  apology_demand: { group: 3, labelJa: "謝罪の強要", labelEn: "Forced apology", manualCategoryJa: "謝罪の要求" },
  dogeza_demand: { group: 3, labelJa: "土下座の要求", labelEn: "Demand to kneel (dogeza)", manualCategoryJa: "土下座の要求" },
  punishment_demand: { group: 3, labelJa: "職員の処分・異動の要求", labelEn: "Demand to punish or transfer staff", manualCategoryJa: "従業員個人への攻撃・要求" },
  special_treatment: { group: 3, labelJa: "特別扱いの要求", labelEn: "Demand for special treatment", manualCategoryJa: "不当な要求" },
  escalation_demand: { group: 3, labelJa: "上位者対応の強要", labelEn: "Demand to see superiors", manualCategoryJa: "不当な要求" },
  online_exposure: { group: 4, labelJa: "ネットでの晒し・拡散", labelEn: "Online exposure of staff", manualCategoryJa: "SNS・インターネット上での誹謗中傷" },
  online_defamation: { group: 4, labelJa: "ネットでの誹謗中傷", labelEn: "Online defamation", manualCategoryJa: "SNS・インターネット上での誹謗中傷" },
  discrimination: { group: 5, labelJa: "差別的な言動", labelEn: "Discriminatory remark", manualCategoryJa: "差別的な言動" },
  sexual_remark: { group: 5, labelJa: "性的な言動", labelEn: "Sexual remark", manualCategoryJa: "性的な言動" },
  // Signals of the learned model (model.ts): a group, not a finer category, with the model's evidence.
  learned_persistence: { group: 1, labelJa: "執拗・拘束の傾向(学習モデル)", labelEn: "Persistence or restraint (learned model)", manualCategoryJa: "継続的・執拗な言動" },
  learned_abuse: { group: 2, labelJa: "暴言・威圧の傾向(学習モデル)", labelEn: "Abuse or intimidation (learned model)", manualCategoryJa: "精神的な攻撃" },
  learned_threat: { group: 2, labelJa: "危害を示唆する表現(学習モデル)", labelEn: "Possible threat of harm (learned model)", manualCategoryJa: "精神的な攻撃(脅迫)" },
  learned_demand: { group: 3, labelJa: "不当な要求の傾向(学習モデル)", labelEn: "Unjustified demand (learned model)", manualCategoryJa: "不当な要求" },
  learned_online: { group: 4, labelJa: "ネット上の晒し・中傷の傾向(学習モデル)", labelEn: "Online exposure or defamation (learned model)", manualCategoryJa: "SNS・インターネット上での誹謗中傷" },
  learned_discrimination: { group: 5, labelJa: "差別・性的言動の傾向(学習モデル)", labelEn: "Discrimination or sexual remark (learned model)", manualCategoryJa: "差別的な言動" },
} as const satisfies Record<string, CodeInfo>;

export type SignalCode = keyof typeof SIGNAL_CODES;

export function isSignalCode(value: string): value is SignalCode {
  return Object.hasOwn(SIGNAL_CODES, value);
}

export function groupOf(code: SignalCode): BehaviourGroup {
  return SIGNAL_CODES[code].group as BehaviourGroup;
}
