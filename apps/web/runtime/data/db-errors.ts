/**
 * Reads a database refusal (PostgREST error JSON) for the form field it is about, so a
 * form can show "already taken" next to the email box instead of a toast about SQL.
 */

export interface DbError {
  code?: string;
  message?: string;
  details?: string | null;
  hint?: string | null;
}

export interface FieldError {
  field?: string;
  message: string;
}

const RULE_WORDS: Record<string, string> = {
  enum: "is not one of the allowed values",
  min: "is below the minimum",
  max: "is above the maximum",
  max_length: "is too long",
  format: "is not in the expected format",
};

/**
 * `refusal` says in the app's words why the role may not do this (config/access
 * describeRefusal); without it a permission refusal gets a generic sentence.
 */
export function describeDbError(error: DbError, fields: string[], refusal?: string): FieldError {
  const text = `${error.message ?? ""} ${error.details ?? ""}`;
  const known = (name: string | undefined) => (name && fields.includes(name) ? name : undefined);
  switch (error.code) {
    case "23505": {
      const field = known(/Key \((\w+)\)/.exec(text)?.[1]);
      return {
        field,
        message: field ? "This value is already used by another record." : "A record with these values already exists.",
      };
    }
    case "23502": {
      const field = known(/column "(\w+)"/.exec(text)?.[1]);
      return { field, message: "This field is required." };
    }
    case "23503": {
      const field = known(/Key \((\w+)\)/.exec(text)?.[1]);
      return field
        ? { field, message: "The chosen record no longer exists; pick another." }
        : { message: "Other records still refer to this one; remove or reassign them first." };
    }
    case "23514": {
      const constraint = /constraint "(\w+)"/.exec(text)?.[1] ?? "";
      const field = fields.find((f) => Object.keys(RULE_WORDS).some((rule) => constraint === `${f}_${rule}`));
      const rule = field ? constraint.slice(field.length + 1) : undefined;
      return field && rule
        ? { field, message: `This value ${RULE_WORDS[rule]}.` }
        : { message: "The database refused these values; check them and try again." };
    }
    case "22P02":
    case "22007":
    case "22008":
      return { message: `A value is not valid: ${error.message ?? "check the fields"}.` };
    case "42501": {
      // Plinth's data API says who may do it in `details` and `hint`; another PostgREST only says SQL.
      const words = [error.details, error.hint].filter(Boolean).join(" ");
      return { message: refusal ?? (words || "Your role is not allowed to do this.") };
    }
    case "PGRST503":
      return { message: "This app was stopped; try again once its owner starts it." };
  }
  return { message: error.message || "The change could not be saved; try again." };
}
