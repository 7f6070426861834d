// Every string the page shows comes from i18n/<language>.json; money, numbers and dates are formatted by Intl for the
// chosen language. A key missing from the resource shows as ⟦key⟧ (the browser tests look for that mark).
export const languages = ['en', 'de', 'zh-Hans'];
const CHOICE = 'cspupgrades:language';

let messages = {};
let current = 'en';

/** The first of the browser's languages the page speaks (zh-TW/zh-HK/zh-Hant are not Simplified Chinese), else English. */
export function preferredLanguage(tags = navigator.languages ?? [navigator.language]) {
  const chosen = sessionStorage.getItem(CHOICE);
  if (languages.includes(chosen)) return chosen;
  for (const tag of tags) {
    const lower = String(tag).toLowerCase();
    if (lower === 'en' || lower.startsWith('en-')) return 'en';
    if (lower === 'de' || lower.startsWith('de-')) return 'de';
    if (lower === 'zh' || lower.startsWith('zh-')) {
      if (/^zh-(hant|tw|hk|mo)/.test(lower)) continue;
      return 'zh-Hans';
    }
  }
  return 'en';
}

export async function useLanguage(language, { remember = false } = {}) {
  const response = await fetch(`i18n/${language}.json`, { credentials: 'omit' });
  messages = await response.json();
  current = language;
  document.documentElement.lang = language;
  if (remember) sessionStorage.setItem(CHOICE, language);
}

export const language = () => current;
export const has = (key) => Object.hasOwn(messages, key);

/** The string for `key`, with {name} placeholders filled from `values` (as text). */
export function t(key, values) {
  const message = messages[key];
  if (typeof message !== 'string') {
    console.error(`Missing string: ${key} (${current})`);
    return `⟦${key}⟧`;
  }
  return values ? message.replace(/\{(\w+)\}/g, (match, name) => (name in values ? String(values[name]) : match)) : message;
}

/** The label of a wire value (`status.active`, `reason.seat_limit_exceeded`), or `fallback` for a value this page does not know yet. */
export const label = (prefix, value, fallback = 'common.unknownValue') =>
  has(`${prefix}.${value}`) ? t(`${prefix}.${value}`) : t(fallback, { value });

/** Money as the API sends it ({amount: "12.50", currency: "USD", minorUnits}), formatted exactly (the amount is a decimal string). */
export function money(value) {
  if (!value) return '–';
  return new Intl.NumberFormat(current, { style: 'currency', currency: value.currency }).format(value.amount);
}

export const number = (value) => new Intl.NumberFormat(current).format(value);

/** A day ("2026-11-01"): the calendar date, whatever the browser's time zone. */
export function day(value) {
  if (!value) return '–';
  return new Intl.DateTimeFormat(current, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${value}T00:00:00Z`));
}

/** An instant ("2026-11-21T06:54:42.5+00:00") in the browser's time zone. */
export function instant(value) {
  if (!value) return '–';
  return new Intl.DateTimeFormat(current, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(value));
}

/** A list ("A, B and C") in the language's own way. */
export const list = (items) => new Intl.ListFormat(current, { type: 'conjunction' }).format(items);
