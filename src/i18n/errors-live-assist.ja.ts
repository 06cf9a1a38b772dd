/** Error messages of live response assist (対応支援), Japanese. Spread into errors.ja.ts. */
export const liveAssistErrorsJa = {
  ladder_out_of_order: "この段階はまだ行えません。手順の順番(説明 → 中止の要請 → 退去命令 → 最終警告 → 警察)に沿って進めてください。暴力・脅迫・明らかな犯罪のときは「緊急:警察へ」を使ってください。",
  ladder_limit_reached: "この段階は決められた回数に達しました。次の段階に進むか、対応を終了してください。",
  ladder_session_ended: "この対応はすでに終了しています。",
  ladder_approval_pending: "上司の承認待ちの段階があります。承認されるか、承認されなかったことが確定するまでお待ちください。",
  ladder_no_pending: "承認待ちの段階はありません(すでに承認・判断済みの可能性があります)。",
  ladder_reason_required: "終了の理由を入力してください(事実どおりの理由を記録します)。",
  ladder_replay_mismatch: "同じ操作番号で別の内容が送られました。画面を再読み込みしてからやり直してください。",
  live_session_stale: "この対応は前日以前に開始されたまま終了していません。続けることはできないため、理由を記録して終了してください。",
  live_setting_not_found: "その設定は見つかりません。",
  live_script_false_excuse: "台本に事実でない言い訳(会議・来客など)を含めることはできません。本当の理由を書いてください。",
  live_visit_only_for_visits: "同行者と帰庁予定は訪問のときだけ指定できます。",
  live_visit_return_time: "帰庁予定時刻は、今より後で24時間以内にしてください。",
  live_visit_companion: "同行する職員を選んでください(本人以外の、有効な職員)。訪問は二人で行います。",
  live_visit_not_a_visit: "この対応は訪問ではないため、到着・帰庁の記録はできません。",
};
