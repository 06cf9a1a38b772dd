/**
 * The shipped learned model (model-data.json, written by `npm run eval -- triage-train`), loaded
 * once on first use. Static data, like the default lexicon.
 */
import data from "./model-data.json" with { type: "json" };
import { loadModel, type SerializedModel, type TriageModel } from "./model.ts";

let cached: TriageModel | null = null;

export function defaultModel(): TriageModel {
  cached ??= loadModel(data as SerializedModel);
  return cached;
}
