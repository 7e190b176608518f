// Cached Intl formatters. `n.toLocaleString(lang, options)` builds a new formatter on every
// call (tens of microseconds each); a large board formats thousands of numbers and dates a
// render, which made formatting the largest cost of re-rendering a 60-step map.
const numberFormats = new Map<string, Intl.NumberFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function cached<F>(cache: Map<string, F>, lang: string, options: object, make: () => F): F {
  const key = `${lang}|${JSON.stringify(options)}`;
  let format = cache.get(key);
  if (!format) {
    format = make();
    cache.set(key, format);
  }
  return format;
}

/** `n.toLocaleString(lang, options)`, with the formatter kept. */
export function formatNumber(n: number, lang: string | undefined, options: Intl.NumberFormatOptions = {}): string {
  return cached(numberFormats, lang ?? "", options, () => new Intl.NumberFormat(lang, options)).format(n);
}

/** `d.toLocaleDateString(lang, options)` (or toLocaleString with time fields), with the formatter kept. */
export function formatDate(d: Date | number, lang: string | undefined, options: Intl.DateTimeFormatOptions): string {
  return cached(dateFormats, lang ?? "", options, () => new Intl.DateTimeFormat(lang, options)).format(d);
}
