/**
 * Phoenix channel messages as Supabase Realtime clients send them: version 2.0.0 is a
 * JSON array [join_ref, ref, topic, event, payload], 1.0.0 the same fields as an object.
 * Binary frames (broadcast pushes) are not part of postgres_changes and are refused.
 */

export interface PhoenixMessage {
  joinRef: string | null;
  ref: string | null;
  topic: string;
  event: string;
  payload: Record<string, unknown>;
}

export type ProtocolVersion = "1.0.0" | "2.0.0";

export function protocolVersionOf(vsn: string | null): ProtocolVersion | null {
  if (vsn === null || vsn === "1.0.0") return "1.0.0";
  return vsn === "2.0.0" ? "2.0.0" : null;
}

export function encodeMessage(vsn: ProtocolVersion, message: PhoenixMessage): string {
  const { joinRef, ref, topic, event, payload } = message;
  return JSON.stringify(
    vsn === "2.0.0" ? [joinRef, ref, topic, event, payload] : { join_ref: joinRef, ref, topic, event, payload },
  );
}

/** The message in a text frame, or null when it is not one (the connection then ignores it). */
export function decodeMessage(vsn: ProtocolVersion, text: string): PhoenixMessage | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  const fields = vsn === "2.0.0" ? arrayFields(parsed) : objectFields(parsed);
  if (!fields) return null;
  const [joinRef, ref, topic, event, payload] = fields;
  if (typeof topic !== "string" || typeof event !== "string") return null;
  return {
    joinRef: typeof joinRef === "string" ? joinRef : null,
    ref: typeof ref === "string" ? ref : null,
    topic,
    event,
    payload: payload !== null && typeof payload === "object" ? (payload as Record<string, unknown>) : {},
  };
}

function arrayFields(parsed: unknown): unknown[] | null {
  return Array.isArray(parsed) && parsed.length === 5 ? parsed : null;
}

function objectFields(parsed: unknown): unknown[] | null {
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) return null;
  const o = parsed as Record<string, unknown>;
  return [o.join_ref, o.ref, o.topic, o.event, o.payload];
}

/** The answer to a push: `phx_reply` with the push's refs. */
export function reply(to: PhoenixMessage, status: "ok" | "error", response: Record<string, unknown>): PhoenixMessage {
  return { joinRef: to.joinRef, ref: to.ref, topic: to.topic, event: "phx_reply", payload: { status, response } };
}
