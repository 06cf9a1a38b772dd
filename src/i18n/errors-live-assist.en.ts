import type { liveAssistErrorsJa } from "./errors-live-assist.ja.ts";

/** Error messages of live response assist, English (same keys as Japanese). */
export const liveAssistErrorsEn: Record<keyof typeof liveAssistErrorsJa, string> = {
  ladder_out_of_order: "This step cannot be taken yet. Follow the ladder in order (explanation → request to stop → order to leave → final warning → police). For violence, threats or a clear crime use \"Emergency: police\".",
  ladder_limit_reached: "This step has been repeated as many times as allowed. Go to the next step or end the response.",
  ladder_session_ended: "This response has already ended.",
  ladder_approval_pending: "A step is waiting for a supervisor's approval. Wait until it is approved or declined.",
  ladder_no_pending: "No step is waiting for approval (it may already have been decided).",
  ladder_reason_required: "Enter the reason for ending (the real reason is recorded).",
  ladder_replay_mismatch: "The same action id was sent with different content. Reload the page and try again.",
  live_session_stale: "This response was started on an earlier day and never ended. It cannot be continued: record the reason and end it.",
  live_setting_not_found: "That setting does not exist.",
  live_script_false_excuse: "A script may not offer a false excuse (a meeting, a visitor and the like). Write the real reason.",
  live_visit_only_for_visits: "A companion and an expected return can only be given for a visit.",
  live_visit_return_time: "The expected return must be later than now and within 24 hours.",
  live_visit_companion: "Choose the colleague who goes with you (an active staff member other than yourself). Visits are made in pairs.",
  live_visit_not_a_visit: "This response is not a visit, so arrival and return cannot be checked in.",
  live_recording_gap: "Recording part {{got}} arrived before part {{expected}}. Send the parts in order, starting with part {{expected}}.",
  live_recording_chunk_conflict: "Recording part {{seq}} was already received with different content. Nothing was changed.",
  live_recording_closed: "This recording has already been saved as evidence and cannot take more audio.",
  live_recording_empty: "No audio was received for this recording, so there is nothing to save.",
  live_recording_not_audio: "The recorded data is not audio of the announced type. Nothing was saved as evidence.",
  live_recording_chunk_too_large: "A recording part may be at most {{limit}}.",
  live_recording_session_ended: "This response has ended; a new recording cannot be started.",
};
