/**
 * The values a blueprint's filters and defaults may name instead of a literal: the
 * signed-in user, their teams, and the current time. Kept apart from the schema so that
 * code reading blueprints (the runtime in the browser) needs them without zod.
 */
export const USER_ID = "$user.id";
export const USER_TEAM_IDS = "$user.team_ids";
export const NOW = "$now";
