import type { BehaviourGroup } from "./codes.ts";
import type { CompiledLexicon } from "./compile.ts";
import { triage, type TriageFlag, type TriageResult } from "./engine.ts";
import type { TriageModel } from "./model.ts";
import { RepeatTracker, repeatSignal, type RepeatObservation, type RepeatOptions } from "./repeat.ts";

export interface IncomingMessage {
  id: string;
  text: string;
  sender?: string | null;
  receivedAt?: string | null;
}

export interface MessageTriage {
  id: string;
  flag: TriageFlag;
  groups: BehaviourGroup[];
  result: TriageResult;
  /** Present when the message repeats an earlier one from the same sender (count ≥ 2). */
  repeat?: { threadId: string; count: number; firstAt: string | null; previousIds: string[] };
  observation: RepeatObservation;
}

/**
 * Triage messages in arrival order with repeat tracking: the engine result plus a group-1
 * repeat signal once the same sender sends the same demand for the repeatFrom-th time.
 */
export class TriageSession {
  readonly tracker: RepeatTracker;
  private readonly lexicon: CompiledLexicon | undefined;
  private readonly model: TriageModel | null | undefined;

  /** `model`: the learned model next to the rules (default: the shipped one; null: rules only). */
  constructor(options: { lexicon?: CompiledLexicon; model?: TriageModel | null; repeat?: RepeatOptions; repeatFrom?: number } = {}) {
    this.lexicon = options.lexicon;
    this.model = options.model;
    this.tracker = new RepeatTracker({ ...options.repeat, ...(options.repeatFrom !== undefined ? { repeatFrom: options.repeatFrom } : {}) });
  }

  process(message: IncomingMessage): MessageTriage {
    const text = typeof message.text === "string" ? message.text : "";
    const observation = this.tracker.observe({ ...message, text });
    const extra = observation.signal ? [repeatSignal(text, observation)] : undefined;
    const result = triage(text, {
      ...(this.lexicon ? { lexicon: this.lexicon } : {}),
      ...(this.model !== undefined ? { model: this.model } : {}),
      ...(extra ? { extraSignals: extra } : {}),
    });
    const out: MessageTriage = { id: message.id, flag: result.flag, groups: result.groups, result, observation };
    if (observation.threadId !== null && observation.count >= 2) {
      out.repeat = { threadId: observation.threadId, count: observation.count, firstAt: observation.firstAt, previousIds: observation.previousIds };
    }
    return out;
  }
}
