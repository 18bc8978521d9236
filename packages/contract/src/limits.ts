/** The limits a founder meets in both the web forms and the API; one number each, so they cannot drift. */

/** A prompt or change instruction; the generator refuses longer ones too. */
export const MIN_PROMPT_CHARS = 3;
export const MAX_PROMPT_CHARS = 8_000;

export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 200;

/** RFC 5321's longest deliverable address. */
export const MAX_EMAIL_LENGTH = 254;
export const MAX_DISPLAY_NAME_LENGTH = 80;

/** Teams one member may belong to. */
export const MAX_MEMBER_TEAMS = 50;

/** Versions are Postgres ints; anything larger is no version of any app. */
export const MAX_VERSION = 2_147_483_647;
