// Numbers and times as people read them: entered values with their own unit, totals in
// hours (and working days), percentages with one decimal, localised.
import { i18n } from "../../i18n";
import { tr } from "./i18n";
import type { TimeBasis, Unit } from "./schema";
import { formatNumber } from "../../ui/intl";

const lang = () => i18n.language || "en";

export function fmtNum(n: number, digits = 1): string {
  return formatNumber(n, lang(), { maximumFractionDigits: digits });
}

/** A value as entered, with its unit: "2 d", "30 min" (localised). */
export function fmtEntered(value: number | null, unit: Unit | null): string {
  if (value === null) return "—";
  const u = unit ?? "min";
  return tr(`units.${u}`, { n: fmtNum(value, 2) });
}

/** Minutes of working time: under an hour in minutes, else hours. */
export function fmtMinutes(minutes: number | null | undefined): string {
  if (minutes === null || minutes === undefined) return "—";
  if (Math.abs(minutes) < 60) return tr("units.min", { n: fmtNum(minutes, 1) });
  return tr("units.h", { n: fmtNum(minutes / 60, 1) });
}

/** "6 working days" (working time) or "2 days" (elapsed time) for long spans, else null. */
export function fmtDays(minutes: number | null | undefined, dayHours: number, basis: TimeBasis = "working"): string | null {
  const day = basis === "working" ? dayHours * 60 : 1440;
  if (minutes === null || minutes === undefined || minutes < day) return null;
  return tr(basis === "working" ? "units.workdays" : "units.days", { n: fmtNum(minutes / day, 1) });
}

export function fmtPct(pct: number | null | undefined, digits = 1): string {
  if (pct === null || pct === undefined) return "—";
  return `${fmtNum(pct, digits)}%`;
}

export function signed(text: string, n: number): string {
  return n > 0 ? `+${text}` : n < 0 ? `\u2212${text.replace(/^-/, "")}` : text;
}

const UNIT_MINUTES: Record<Unit, number> = { min: 1, h: 60, d: 1440 };

/** The question to ask before writing a step time over a year of elapsed time: more likely a
 *  typo (1e9, an extra zero) than a step. */
export function timeDoubt(unit: Unit | null): (n: number) => string | null {
  return (n) => {
    const years = (n * UNIT_MINUTES[unit ?? "min"]) / 525_600;
    if (years <= 1) return null;
    return tr("editor.reallyTime", { value: fmtEntered(n, unit), years: formatNumber(years, lang(), { maximumSignificantDigits: 2 }) });
  };
}

/** The question to ask before writing more than a thousand operators on one step. */
export function operatorsDoubt(n: number): string | null {
  return n > 1000 ? tr("editor.reallyOperators", { value: fmtNum(n, 2) }) : null;
}
