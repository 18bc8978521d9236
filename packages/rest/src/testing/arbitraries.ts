/** Random request parts for property tests of the data API, here and through the API. */
import fc from "fast-check";

/** The preferences a client may put in a Prefer header, as PostgREST spells them. */
const PREFERENCES = [
  "count=exact",
  "count=planned",
  "count=estimated",
  "return=representation",
  "return=headers-only",
  "return=minimal",
  "resolution=merge-duplicates",
  "resolution=ignore-duplicates",
  "missing=default",
  "tx=rollback",
  "handling=strict",
];

/** A Prefer header of up to three preferences, sometimes ones nobody knows, joined as clients join them. */
export const preferHeader: fc.Arbitrary<string> = fc
  .array(fc.constantFrom(...PREFERENCES, "nonsense", "x=1"), { maxLength: 3 })
  .map((preferences) => preferences.join(", "));
