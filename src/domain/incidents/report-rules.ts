/**
 * Central reporting rules: a department reports an incident to the central unit (総務局) when it
 * meets a rule set by central, e.g. "group 2, police involved, or harm to staff → at once".
 */
import type { Channel, Group } from "./codes.ts";
import { groupsOf } from "./codes.ts";

export interface RuleConditions {
  groups?: Group[] | undefined;
  codes?: string[] | undefined;
  police?: boolean | undefined;
  harmToStaff?: boolean | undefined;
  channels?: Channel[] | undefined;
  departmentIds?: string[] | undefined;
}

export interface ReportRule {
  /** any: one condition met is enough; all: every condition given must be met. */
  mode: "any" | "all";
  conditions: RuleConditions;
}

export interface IncidentFacts {
  codes: readonly string[];
  policeInvolved: boolean;
  harmToStaff: boolean;
  channel: Channel;
  departmentId: string;
}

/** The results of each condition that the rule sets (unset conditions are not tested). */
function conditionResults(rule: ReportRule, facts: IncidentFacts): boolean[] {
  const c = rule.conditions;
  const results: boolean[] = [];
  if (c.groups && c.groups.length > 0) {
    const groups = groupsOf(facts.codes);
    results.push(c.groups.some((g) => groups.includes(g)));
  }
  if (c.codes && c.codes.length > 0) results.push(c.codes.some((code) => facts.codes.includes(code)));
  if (c.police !== undefined) results.push(facts.policeInvolved === c.police);
  if (c.harmToStaff !== undefined) results.push(facts.harmToStaff === c.harmToStaff);
  if (c.channels && c.channels.length > 0) results.push(c.channels.includes(facts.channel));
  if (c.departmentIds && c.departmentIds.length > 0) results.push(c.departmentIds.includes(facts.departmentId));
  return results;
}

/** Does the incident meet the rule? A rule without conditions never matches. */
export function matches(rule: ReportRule, facts: IncidentFacts): boolean {
  const results = conditionResults(rule, facts);
  if (results.length === 0) return false;
  return rule.mode === "all" ? results.every(Boolean) : results.some(Boolean);
}
