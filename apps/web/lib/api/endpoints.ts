/**
 * Every control-plane call the web app makes, named after what it does for the founder.
 * Request and answer types are the API's own (@plinth/contract), so the two cannot drift.
 */
import type {
  AppDetail,
  AppSummary,
  AppTeams,
  BlueprintPreviewBody,
  BlueprintVersion,
  GenerateBody,
  History,
  InvitedMember,
  Job,
  Member,
  MemberBody,
  MemberPatchBody,
  MemberResetLink,
  Members,
  Model,
  RefineBody,
  RefinePreview,
  RefinePreviewBody,
  RestorePreview,
  SampleDataState,
  Session,
  SignInBody,
  SignUpBody,
  StartedJob,
  User,
} from "@plinth/contract";
import { apiFetch } from "./client";

const app = (id: string) => `/api/apps/${encodeURIComponent(id)}`;
const member = (appId: string, email: string) => `${app(appId)}/members/${encodeURIComponent(email)}`;

export const api = {
  signUp: (body: SignUpBody) => apiFetch<Session>("/api/auth/sign-up", { method: "POST", body }),
  signIn: (body: SignInBody) => apiFetch<Session>("/api/auth/sign-in", { method: "POST", body }),
  signOut: () => apiFetch<void>("/api/auth/sign-out", { method: "POST" }),
  me: () => apiFetch<{ user: User }>("/api/auth/me").then((r) => r.user),

  models: () => apiFetch<{ models: Model[] }>("/api/models").then((r) => r.models),

  apps: () => apiFetch<{ apps: AppSummary[] }>("/api/apps").then((r) => r.apps),
  app: (id: string) => apiFetch<AppDetail>(app(id)),
  generate: (body: GenerateBody) => apiFetch<StartedJob>("/api/apps/generate", { method: "POST", body }),
  start: (id: string) => apiFetch<{ app: AppSummary }>(`${app(id)}/start`, { method: "POST" }).then((r) => r.app),
  stop: (id: string) => apiFetch<{ app: AppSummary }>(`${app(id)}/stop`, { method: "POST" }).then((r) => r.app),
  remove: (id: string) => apiFetch<void>(app(id), { method: "DELETE" }),

  job: (id: string) => apiFetch<{ job: Job }>(`/api/jobs/${encodeURIComponent(id)}`).then((r) => r.job),

  blueprint: (appId: string, version: number | "latest" = "latest") =>
    apiFetch<BlueprintVersion>(`${app(appId)}/blueprints/${version}`),
  history: (appId: string) => apiFetch<History>(`${app(appId)}/history`),
  restore: (appId: string, version: number, confirmDestructive = false) =>
    apiFetch<{ app: AppSummary; version: number }>(`${app(appId)}/blueprints/${version}/restore`, {
      method: "POST",
      body: { confirm_destructive: confirmDestructive },
    }),

  /** What restoring `version` would do, with figures, before the founder confirms. */
  restorePreview: (appId: string, version: number) =>
    apiFetch<RestorePreview>(`${app(appId)}/blueprints/${version}/restore/preview`),
  /** The editor's blueprint, verified and previewed; applied with refine({proposal_id}). */
  previewBlueprint: (appId: string, body: BlueprintPreviewBody) =>
    apiFetch<RefinePreview>(`${app(appId)}/blueprint/preview`, { method: "POST", body }),

  refine: (appId: string, body: RefineBody) => apiFetch<StartedJob>(`${app(appId)}/refine`, { method: "POST", body }),
  /** What a refinement would change, kept by the API as a proposal to apply. */
  previewRefine: (appId: string, body: RefinePreviewBody) =>
    apiFetch<RefinePreview>(`${app(appId)}/refine/preview`, { method: "POST", body }),

  members: (appId: string) => apiFetch<Members>(`${app(appId)}/members`),
  /** Invites (or re-invites, making a fresh link that replaces the old one) a person by email. */
  addMember: (appId: string, body: MemberBody) =>
    apiFetch<InvitedMember>(`${app(appId)}/members`, { method: "POST", body }),
  updateMember: (appId: string, email: string, body: MemberPatchBody) =>
    apiFetch<{ member: Member }>(member(appId, email), { method: "PATCH", body }),
  removeMember: (appId: string, email: string) => apiFetch<void>(member(appId, email), { method: "DELETE" }),
  /** The rows of the app's teams table by name (none where it has no teams table). */
  teams: (appId: string) => apiFetch<AppTeams>(`${app(appId)}/teams`),

  /** Sample rows in a running app: how many there are, add them, remove them (and nothing else). */
  sampleData: (appId: string) => apiFetch<SampleDataState>(`${app(appId)}/sample-data`),
  fillSampleData: (appId: string) => apiFetch<SampleDataState>(`${app(appId)}/sample-data`, { method: "POST" }),
  removeSampleData: (appId: string) => apiFetch<SampleDataState>(`${app(appId)}/sample-data`, { method: "DELETE" }),
  memberResetLink: (appId: string, email: string) =>
    apiFetch<MemberResetLink>(`${member(appId, email)}/reset-link`, { method: "POST" }),
};
