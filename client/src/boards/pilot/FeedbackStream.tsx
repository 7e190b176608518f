// Feedback from the field, newest first, filtered by kind, site and satisfaction, with the
// summary (counts by kind, average ratings) from the server's analysis.
import { memo } from "preact/compat";
import { useState } from "preact/hooks";
import { formatDateTime, useLanguage } from "../../i18n";
import { Icon } from "../../ui/icons";
import { formatNumber } from "./api";
import { tp } from "./i18n";
import { FEEDBACK_KINDS, type Feedback, type FeedbackKind, type FeedbackSummary, type Reading } from "./schema";

type RatingFilter = "all" | "low" | "mid" | "high" | "none";
const NO_SITE = "\u0000none";

function ratingMatches(v: number | null, f: RatingFilter): boolean {
  if (f === "all") return true;
  if (f === "none") return v === null;
  if (v === null) return false;
  return f === "low" ? v <= 2 : f === "mid" ? v === 3 : v >= 4;
}

/** Feedback carries no site: a sender's site is the one they report readings for most. */
export function sitesBySender(readings: Reading[]): Map<string, string> {
  const counts = new Map<string, Map<string, number>>();
  for (const r of readings) {
    if (!r.participant_id || !r.site) continue;
    const mine = counts.get(r.participant_id) ?? new Map<string, number>();
    mine.set(r.site, (mine.get(r.site) ?? 0) + 1);
    counts.set(r.participant_id, mine);
  }
  const out = new Map<string, string>();
  for (const [pid, mine] of counts) out.set(pid, [...mine].sort((a, b) => b[1] - a[1])[0][0]);
  return out;
}

function Stars({ n }: { n: number }) {
  return (
    <span class="pilot-stars" aria-hidden="true">
      {[1, 2, 3, 4, 5].map((i) => (
        <span key={i} class={i <= n ? "is-on" : ""} />
      ))}
    </span>
  );
}

function FeedbackStreamView(props: { feedback: Feedback[]; readings: Reading[]; sites: string[]; summary: FeedbackSummary | null }) {
  const lang = useLanguage();
  const [kind, setKind] = useState<FeedbackKind | "all">("all");
  const [site, setSite] = useState("");
  const [rating, setRating] = useState<RatingFilter>("all");
  const senderSite = sitesBySender(props.readings);
  const siteOf = (f: Feedback) => (f.participant_id ? (senderSite.get(f.participant_id) ?? "") : "");
  const knownSites = [...new Set([...props.sites, ...senderSite.values()])];
  const shown = props.feedback
    .filter((f) => kind === "all" || f.kind === kind)
    .filter((f) => !site || (site === NO_SITE ? !siteOf(f) : siteOf(f) === site))
    .filter((f) => ratingMatches(f.satisfaction, rating))
    .reverse();
  const count = (k: FeedbackKind) => props.feedback.filter((f) => f.kind === k).length;
  const s = props.summary;
  return (
    <section class="panel pilot-feedback" aria-labelledby="pilot-feedback-title">
      <div class="panel-head">
        <h2 id="pilot-feedback-title">{tp("stream.title")}</h2>
        {s && (
          <span class="small muted">
            {tp("stream.averages", {
              satisfaction: s.avg_satisfaction === null ? "—" : formatNumber(s.avg_satisfaction, lang, 1),
              ease: s.avg_ease === null ? "—" : formatNumber(s.avg_ease, lang, 1),
              rated: s.rated_satisfaction,
            })}
          </span>
        )}
      </div>
      <div class="pilot-filters" role="group" aria-label={tp("stream.filters")}>
        <div class="pilot-seg" role="group" aria-label={tp("stream.kind")}>
          <button type="button" class={kind === "all" ? "is-on" : ""} aria-pressed={kind === "all"} onClick={() => setKind("all")}>
            {tp("stream.all")} <span class="pilot-seg-n">{props.feedback.length}</span>
          </button>
          {FEEDBACK_KINDS.map((k) => (
            <button
              key={k}
              type="button"
              class={`pilot-seg-${k}${kind === k ? " is-on" : ""}`}
              aria-pressed={kind === k}
              onClick={() => setKind(k)}
            >
              {tp(`feedback.kinds.${k}.plural`)} <span class="pilot-seg-n">{count(k)}</span>
            </button>
          ))}
        </div>
        <label class="pilot-filter">
          <span>{tp("stream.site")}</span>
          <select value={site} onChange={(e) => setSite((e.currentTarget as HTMLSelectElement).value)} title={tp("stream.siteHint")}>
            <option value="">{tp("stream.allSites")}</option>
            {knownSites.map((x) => (
              <option key={x} value={x}>
                {x}
              </option>
            ))}
            <option value={NO_SITE}>{tp("stream.noSite")}</option>
          </select>
        </label>
        <label class="pilot-filter">
          <span>{tp("stream.rating")}</span>
          <select value={rating} onChange={(e) => setRating((e.currentTarget as HTMLSelectElement).value as RatingFilter)}>
            {(["all", "low", "mid", "high", "none"] as const).map((r) => (
              <option key={r} value={r}>
                {tp(`stream.ratings.${r}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {site && <p class="hint">{tp("stream.siteHint")}</p>}
      {shown.length === 0 ? (
        <p class="empty-inline">{props.feedback.length ? tp("stream.noMatch") : tp("stream.empty")}</p>
      ) : (
        <ul class="pilot-stream" data-testid="feedback-stream">
          {shown.map((f) => (
            <li key={f.id} class={`pilot-fb pilot-fb-${f.kind}`}>
              <div class="pilot-fb-head">
                <span class={`pilot-kind-tag pilot-kind-tag-${f.kind}`}>{tp(`feedback.kinds.${f.kind}.name`)}</span>
                <span class="small muted">
                  {f.anonymous ? tp("stream.anonymous") : f.display_name}
                  {siteOf(f) && <> · {siteOf(f)}</>}
                  {f.submitted_at && <> · {formatDateTime(f.submitted_at, lang)}</>}
                </span>
              </div>
              {f.text && <p class="pilot-fb-text">{f.text}</p>}
              {(f.satisfaction !== null || f.ease !== null) && (
                <div class="pilot-fb-ratings small">
                  {f.satisfaction !== null && (
                    <span title={tp("stream.satisfactionN", { n: f.satisfaction })}>
                      <span aria-hidden="true">{tp("feedback.satisfactionShort")}</span> <Stars n={f.satisfaction} />
                      <span class="sr-only">{tp("stream.satisfactionN", { n: f.satisfaction })}</span>
                    </span>
                  )}
                  {f.ease !== null && (
                    <span title={tp("stream.easeN", { n: f.ease })}>
                      <span aria-hidden="true">{tp("feedback.easeShort")}</span> <Stars n={f.ease} />
                      <span class="sr-only">{tp("stream.easeN", { n: f.ease })}</span>
                    </span>
                  )}
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      {props.feedback.some((f) => f.anonymous) && (
        <p class="hint pilot-anon-note">
          <Icon name="eye" size={14} /> {tp("stream.anonNote")}
        </p>
      )}
    </section>
  );
}

/** Re-rendered only when its props change (it scans every reading for the senders' sites). */
export const FeedbackStream = memo(FeedbackStreamView);
