/** Rules for the app itself: a locale and a currency the browser's Intl can format with. */

import type { BlueprintModel, Problems } from "./model.js";

export function checkApp(model: BlueprintModel, out: Problems): void {
  const { locale, currency } = model.bp.app;
  if (!isKnownLocale(locale)) {
    out.add(
      "/app/locale",
      "unknown_locale",
      `"${locale}" is not a locale numbers and dates can be written in.`,
      'Use a BCP 47 language tag with its region, such as "en-US", "es-ES", "fr-FR", "de-DE" or "pt-BR".',
    );
  }
  if (!Intl.supportedValuesOf("currency").includes(currency)) {
    out.add(
      "/app/currency",
      "unknown_currency",
      `"${currency}" is not a currency code.`,
      'Use an ISO 4217 code, such as "USD", "EUR", "GBP" or "BRL".',
    );
  }
}

function isKnownLocale(tag: string): boolean {
  try {
    // A well-formed tag whose language Intl has data for; "xx-YY" is well-formed but unknown.
    return Intl.NumberFormat.supportedLocalesOf(tag).length === 1;
  } catch {
    return false;
  }
}
