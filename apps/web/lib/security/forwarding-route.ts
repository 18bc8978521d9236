/**
 * The route handlers of every path the web app forwards to the API (/api, /rest,
 * /storage): each method goes through `forwardToApi`, so the API's address stays private.
 */
import { forwardToApi } from "./forward-to-api";

export const GET = forwardToApi;
export const HEAD = forwardToApi;
export const POST = forwardToApi;
export const PUT = forwardToApi;
export const PATCH = forwardToApi;
export const DELETE = forwardToApi;
export const OPTIONS = forwardToApi;
