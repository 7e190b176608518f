// Numbers as people type them on a Chinese keyboard: full-width digits and punctuation
// ("３０．５", "－５", "８０％", "１，２００") read as their ASCII forms. Only the full-width block
// is folded (NFKC on all text would turn "5²" into "52"). Mirrors boards/numtext.py.

const WIDE = /[\uff01-\uff5e\u3000]/g;
const IDEOGRAPHIC_POINT = /(?<=[0-9])\u3002(?=[0-9])/g;
const THOUSANDS = /^[+-]?[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?$/;

/** `raw` with full-width characters folded to ASCII, trimmed. */
export function numberText(raw: string): string {
  return raw
    .replace(WIDE, (c) => c.normalize("NFKC"))
    .replace(/\u2212/g, "-")
    .replace(IDEOGRAPHIC_POINT, ".")
    .trim();
}

/** numberText with thousands separators dropped ("1,200" -> "1200"); any other comma is kept,
 *  so the reader rejects it instead of guessing. */
export function plainNumberText(raw: string): string {
  const text = numberText(raw);
  return THOUSANDS.test(text) ? text.replace(/,/g, "") : text;
}
