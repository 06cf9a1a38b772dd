/**
 * The vocabulary of an incident record: channels, the policy's five behaviour groups and the
 * national manual's finer codes (each mapped to one group), counterpart types and staff roles.
 */
export const CHANNELS = ["counter", "phone", "visit", "email", "letter", "online"] as const;
export type Channel = (typeof CHANNELS)[number];

export const CHANNEL_LABELS: Record<Channel, { ja: string; en: string }> = {
  counter: { ja: "窓口・対面", en: "Counter / in person" },
  phone: { ja: "電話", en: "Phone" },
  visit: { ja: "訪問", en: "Home or site visit" },
  email: { ja: "メール", en: "Email" },
  letter: { ja: "文書", en: "Letter / document" },
  online: { ja: "SNS・インターネット", en: "Social media / internet" },
};

export const GROUPS = [1, 2, 3, 4, 5] as const;
export type Group = (typeof GROUPS)[number];

export const GROUP_LABELS: Record<Group, { ja: string; en: string }> = {
  1: { ja: "長時間拘束・執拗な要望", en: "Long restraint and persistent demands" },
  2: { ja: "暴行・暴言・威嚇・脅迫", en: "Violence, verbal abuse, intimidation and threats" },
  3: { ja: "不当・過剰な要求", en: "Unjustified or excessive demands" },
  4: { ja: "ネット上での誹謗中傷・拡散", en: "Online defamation and spreading" },
  5: { ja: "差別的言動・セクハラ", en: "Discriminatory conduct and sexual harassment" },
};

interface CodeInfo {
  group: Group;
  ja: string;
  en: string;
  /** Judged against the validity of the demand (axis ①) rather than the manner alone. */
  dependsOnDemand?: boolean;
}

/**
 * Behaviour codes. `group1`…`group5` stand for a whole group (what the quick form records);
 * the others are the finer codes of the national manual and the policy's examples.
 */
export const BEHAVIOUR_CODES = {
  group1: { group: 1, ja: GROUP_LABELS[1].ja, en: GROUP_LABELS[1].en },
  group2: { group: 2, ja: GROUP_LABELS[2].ja, en: GROUP_LABELS[2].en },
  group3: { group: 3, ja: GROUP_LABELS[3].ja, en: GROUP_LABELS[3].en },
  group4: { group: 4, ja: GROUP_LABELS[4].ja, en: GROUP_LABELS[4].en },
  group5: { group: 5, ja: GROUP_LABELS[5].ja, en: GROUP_LABELS[5].en },
  persistent_conduct: { group: 1, ja: "継続的・執拗な言動", en: "Continuous or persistent conduct" },
  restraint: { group: 1, ja: "拘束的な行動(不退去・居座り)", en: "Restraining behaviour (refusing to leave, sitting in)" },
  repeated_contact: { group: 1, ja: "同じ内容の電話・メールの繰り返し", en: "Repeating the same demand by phone or email" },
  nitpicking: { group: 1, ja: "職員の対応の揚げ足取り", en: "Nitpicking every word of the staff" },
  physical_attack: { group: 2, ja: "身体的な攻撃", en: "Physical attack" },
  mental_attack: { group: 2, ja: "精神的な攻撃(暴言・侮辱)", en: "Mental attack (abuse, insults)" },
  intimidation: { group: 2, ja: "威圧的な言動", en: "Intimidating conduct" },
  threat: { group: 2, ja: "脅迫", en: "Threat" },
  property_damage: { group: 2, ja: "物を投げる・備品の破壊", en: "Throwing objects, breaking equipment" },
  dogeza_demand: { group: 3, ja: "土下座の要求", en: "Demanding a kneeling apology (dogeza)" },
  compensation_demand: { group: 3, ja: "商品交換・金銭補償・謝罪の要求", en: "Demanding exchange, money or an apology", dependsOnDemand: true },
  special_treatment: { group: 3, ja: "特別扱いの要求", en: "Demanding special treatment" },
  staff_directed_demand: { group: 3, ja: "従業員個人への攻撃・要求(処分・異動の要求を含む)", en: "Attacks on or demands about an individual staff member" },
  online_defamation: { group: 4, ja: "ネット上での誹謗中傷", en: "Online defamation" },
  online_exposure: { group: 4, ja: "職員の氏名・写真・動画の拡散", en: "Spreading staff names, photos or videos" },
  discriminatory_conduct: { group: 5, ja: "差別的な言動", en: "Discriminatory conduct" },
  sexual_conduct: { group: 5, ja: "性的な言動", en: "Sexual conduct" },
} as const satisfies Record<string, CodeInfo>;

export type BehaviourCode = keyof typeof BEHAVIOUR_CODES;
export const BEHAVIOUR_CODE_LIST = Object.keys(BEHAVIOUR_CODES) as BehaviourCode[];

export function isBehaviourCode(code: string): code is BehaviourCode {
  return Object.hasOwn(BEHAVIOUR_CODES, code);
}

export function groupOf(code: BehaviourCode): Group {
  return BEHAVIOUR_CODES[code].group;
}

/** The groups an incident falls in, from all its codes, ascending. */
export function groupsOf(codes: Iterable<string>): Group[] {
  const out = new Set<Group>();
  for (const c of codes) if (isBehaviourCode(c)) out.add(groupOf(c));
  return [...out].sort((a, b) => a - b);
}

/** Every code (group code and finer codes) of one group: what a filter by group matches. */
export function codesOfGroup(group: Group): BehaviourCode[] {
  return BEHAVIOUR_CODE_LIST.filter((c) => BEHAVIOUR_CODES[c].group === group);
}

export const COUNTERPART_TYPES = ["resident", "business", "facility_user", "councillor", "anonymous", "unknown"] as const;
export type CounterpartType = (typeof COUNTERPART_TYPES)[number];
export const COUNTERPART_TYPE_LABELS: Record<CounterpartType, { ja: string; en: string }> = {
  resident: { ja: "市民", en: "Resident" },
  business: { ja: "事業者", en: "Business" },
  facility_user: { ja: "施設利用者", en: "Facility user" },
  councillor: { ja: "議員", en: "Councillor" },
  anonymous: { ja: "匿名", en: "Anonymous" },
  unknown: { ja: "不明", en: "Unknown" },
};

export const STAFF_ROLES = ["responder", "recorder", "present"] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];
export const STAFF_ROLE_LABELS: Record<StaffRole, { ja: string; en: string }> = {
  responder: { ja: "応対", en: "Responding" },
  recorder: { ja: "記録", en: "Recording" },
  present: { ja: "同席", en: "Present" },
};

export const RETENTION_CLASSES = ["1y", "3y", "5y", "10y"] as const;
export type RetentionClass = (typeof RETENTION_CLASSES)[number];
export const DEFAULT_RETENTION: RetentionClass = "3y";

export const LADDER_STEPS = [
  "end_response_decided",
  "asked_to_stop",
  "ordered_to_leave",
  "final_warning",
  "police_called",
  "recordings_handed_over",
  "call_ended",
] as const;
export type LadderStep = (typeof LADDER_STEPS)[number];

/** The steps of the response ladder, as the record and its print-out name them. */
export const LADDER_STEP_LABELS: Record<LadderStep, { ja: string; en: string }> = {
  end_response_decided: { ja: "対応終了を判断", en: "Decided to end the response" },
  asked_to_stop: { ja: "行為の中止を求めた", en: "Asked to stop" },
  ordered_to_leave: { ja: "退去を求めた", en: "Ordered to leave" },
  final_warning: { ja: "最終警告", en: "Final warning" },
  police_called: { ja: "警察に通報", en: "Called the police" },
  recordings_handed_over: { ja: "記録を警察に提供", en: "Recordings handed over" },
  call_ended: { ja: "通話を終了", en: "Ended the call" },
};
