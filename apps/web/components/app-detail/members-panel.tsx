"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { isUuid } from "@plinth/blueprint";
import { type AppTeams, type Member, type MemberBody, type Members, memberBody } from "@plinth/contract";
import { type UseMutationResult, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { CopyIcon, KeyRoundIcon, RefreshCwIcon, UserPlusIcon, XIcon } from "lucide-react";
import { type ReactNode, useEffect, useId, useRef, useState } from "react";
import { useForm } from "react-hook-form";
import { toast } from "sonner";
import { z } from "zod";
import { TimeAgo } from "@/components/time-ago";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import { errorMessage } from "@/lib/api/client";
import { api } from "@/lib/api/endpoints";
import { ConfirmDialog } from "@/lib/confirm-dialog";
import { CheckboxField, Field, FormError } from "@/lib/field";
import { PendingButton } from "@/lib/pending-button";
import { keys } from "@/lib/queries";
import { QueryView } from "@/lib/states";

/** Team ids typed as a comma- or space-separated list; the problem with them, if any. */
export function parseTeamIds(text: string): { ids: string[]; problem?: string } {
  const ids = text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = ids.filter((id) => !isUuid(id));
  if (bad.length > 0) {
    return {
      ids,
      problem: `${bad.map((b) => `“${b}”`).join(", ")} ${bad.length === 1 ? "is not a team id" : "are not team ids"}; team ids look like 3f2b8c1e-…-9a7d (copy them from your app's Teams table).`,
    };
  }
  return { ids: [...new Set(ids)] };
}

/** The API's invitation body (@plinth/contract), with the teams typed as text. */
const inviteForm = memberBody.omit({ team_ids: true }).extend({
  teams: z.string().transform((text, ctx) => {
    const { ids, problem } = parseTeamIds(text);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
    return ids;
  }),
});

/** A freshly made invitation or password reset link and whom it is for; the API shows it only once. */
interface Invitation {
  email: string;
  url: string;
  kind: "invitation" | "reset";
}

/** The app's teams by name, or why they cannot be listed (the teams field then takes typed ids). */
interface TeamChoice {
  teams: AppTeams | undefined;
  problem: string | undefined;
}

export function MembersPanel({ appId }: { appId: string }) {
  const members = useQuery({ queryKey: keys.members(appId), queryFn: () => api.members(appId) });
  const teamsQuery = useQuery({ queryKey: keys.teams(appId), queryFn: () => api.teams(appId), retry: false });
  const teams: TeamChoice = {
    teams: teamsQuery.data,
    problem: teamsQuery.isError ? errorMessage(teamsQuery.error) : undefined,
  };
  const [invitation, setInvitation] = useState<Invitation>();

  return (
    <QueryView
      query={members}
      loading={{ label: "Loading members…", rows: ["h-10 w-full", "h-10 w-full"] }}
      failure="Members could not be loaded"
    >
      {(data) => (
        <div className="grid gap-8">
          <InviteForm appId={appId} data={data} teams={teams} onInvitation={setInvitation} />
          {invitation && <InvitationLink key={invitation.url} invitation={invitation} />}
          <MemberList appId={appId} data={data} teams={teams} onInvitation={setInvitation} />
        </div>
      )}
    </QueryView>
  );
}

interface MembersSectionProps {
  appId: string;
  data: Members;
  teams: TeamChoice;
  onInvitation: (invitation: Invitation) => void;
}

function InviteForm({ appId, data, teams, onInvitation }: MembersSectionProps) {
  const id = useId();
  const queryClient = useQueryClient();
  const form = useForm({
    resolver: zodResolver(inviteForm),
    defaultValues: {
      email: "",
      role: data.default_role ?? data.roles.at(-1)?.name ?? "",
      teams: "",
      require_email: false,
    },
  });
  const problems = { email: form.formState.errors.email?.message, teams: form.formState.errors.teams?.message };
  const invite = useMutation({
    mutationFn: (body: MemberBody) => api.addMember(appId, body),
    onSuccess: (result, body) => {
      void queryClient.invalidateQueries({ queryKey: keys.members(appId) });
      void queryClient.invalidateQueries({ queryKey: keys.history(appId) });
      if (result.invite_url) {
        onInvitation({ email: body.email, url: result.invite_url, kind: "invitation" });
        toast.success(`${body.email} is invited as ${roleLabel(data, body.role)}; send them the invitation link.`);
      } else {
        toast.success(`${body.email} can now use the app as ${roleLabel(data, body.role)}.`);
      }
      form.resetField("email");
      form.resetField("teams");
    },
  });

  const submit = form.handleSubmit(({ email, role, teams, require_email }) =>
    invite.mutate({ email, role, team_ids: teams, require_email }),
  );

  return (
    <form noValidate onSubmit={submit} className="grid gap-4 rounded-lg border p-4" aria-labelledby={`${id}-title`}>
      <div>
        <h3 id={`${id}-title`} className="font-medium">
          Invite someone
        </h3>
        <p className="text-muted-foreground text-sm">
          You get a link to send them; they open it and join with their Plinth account. Their role decides what they can
          see and change.
        </p>
      </div>
      <FormError message={invite.isError ? errorMessage(invite.error) : undefined} />
      <div className="grid gap-4 md:grid-cols-[2fr_1fr]">
        <Field id={`${id}-email`} label="Email" problem={problems.email}>
          {(control) => (
            <Input {...control} type="email" inputMode="email" autoComplete="off" {...form.register("email")} />
          )}
        </Field>
        <Field id={`${id}-role`} label="Role" className="content-start">
          {(control) => (
            <NativeSelect {...control} {...form.register("role")}>
              <RoleOptions data={data} />
            </NativeSelect>
          )}
        </Field>
      </div>
      {teams.teams?.table ? (
        <>
          {/* Registered, so resetting the form after an invitation clears the picked teams too. */}
          <input type="hidden" {...form.register("teams")} />
          <TeamPicker
            teams={teams.teams}
            value={form.watch("teams")}
            onChange={(text) => form.setValue("teams", text, { shouldDirty: true })}
          />
        </>
      ) : (
        <Field
          id={`${id}-teams`}
          label="Teams"
          optional
          problem={problems.teams}
          hint={
            <>
              Only for apps whose rows are shared by team: the member sees the rows of these teams.
              {teams.problem && ` ${teams.problem}`}
            </>
          }
        >
          {(control) => <Input {...control} {...form.register("teams")} placeholder="Team ids, separated by commas" />}
        </Field>
      )}
      {/* Only with mail: the person joining proves the address is theirs by opening a mailed link. */}
      {data.password_reset === "email" && (
        <CheckboxField
          id={`${id}-require`}
          label="Only this address may join"
          hint="Whoever opens the link must sign in with this email and confirm it from a mail we send."
          {...form.register("require_email")}
        />
      )}
      <div>
        <PendingButton type="submit" pending={invite.isPending} icon={<UserPlusIcon aria-hidden="true" />}>
          {invite.isPending ? "Inviting…" : "Invite"}
        </PendingButton>
      </div>
    </form>
  );
}

const roleLabel = (data: Members, role: string) => data.roles.find((r) => r.name === role)?.label ?? role;

/** The app's roles as a select's options, by their labels. */
function RoleOptions({ data }: { data: Members }) {
  return data.roles.map((r) => (
    <option key={r.name} value={r.name}>
      {r.label}
    </option>
  ));
}

/** The link is focused and selected when it appears, so it is in view and ready to copy. */
function InvitationLink({ invitation }: { invitation: Invitation }) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, []);
  const reset = invitation.kind === "reset";
  const label = reset ? "Password reset link" : "Invitation link";
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(invitation.url);
      toast.success(`${label} for ${invitation.email} copied.`);
    } catch {
      toast.error("The link could not be copied; select it and copy it yourself.");
    }
  };
  return (
    <section aria-labelledby={`${id}-title`} className="bg-muted/40 grid gap-3 rounded-lg border p-4">
      <h3 id={`${id}-title`} className="font-medium">
        {reset ? `Password reset for ${invitation.email}` : `Invitation for ${invitation.email}`}
      </h3>
      <p id={`${id}-hint`} className="text-muted-foreground text-sm">
        {reset
          ? `Send this link to ${invitation.email} yourself, by a channel you trust: whoever opens it sets their password. It works once, for 24 hours, and it is shown only now. Their old sessions end when they use it.`
          : `Send this link to ${invitation.email}. It works once, and it is shown only now: Plinth keeps no copy. If it gets lost, make a new one with “New link”.`}
      </p>
      <div className="grid gap-2">
        <Label htmlFor={`${id}-url`}>{label}</Label>
        <div className="flex gap-2">
          <Input
            ref={input}
            id={`${id}-url`}
            readOnly
            value={invitation.url}
            onFocus={(e) => e.currentTarget.select()}
            aria-describedby={`${id}-hint`}
            className="font-mono text-xs"
          />
          <Button type="button" variant="outline" onClick={copy}>
            <CopyIcon aria-hidden="true" />
            Copy link
          </Button>
        </div>
      </div>
    </section>
  );
}

function MemberList({ appId, data, teams, onInvitation }: MembersSectionProps) {
  return (
    <section aria-labelledby="members-heading" className="grid gap-3">
      <h3 id="members-heading" className="font-medium">
        People with access <span className="text-muted-foreground font-normal">({data.members.length})</span>
      </h3>
      <ul className="divide-y rounded-lg border" aria-label="Members">
        {data.members.map((member) => (
          <MemberRow
            key={member.email}
            appId={appId}
            data={data}
            teams={teams.teams}
            member={member}
            onInvitation={onInvitation}
          />
        ))}
      </ul>
      {data.members.length === 1 && (
        <p className="text-muted-foreground text-sm">Only you so far. Invite your team above.</p>
      )}
    </section>
  );
}

function MemberRow({
  appId,
  data,
  teams,
  member,
  onInvitation,
}: {
  appId: string;
  data: Members;
  teams: AppTeams | undefined;
  member: Member;
  onInvitation: (invitation: Invitation) => void;
}) {
  const id = useId();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: keys.members(appId) });
    void queryClient.invalidateQueries({ queryKey: keys.history(appId) });
  };
  const change = useMutation({
    mutationFn: (role: string) => api.updateMember(appId, member.email, { role }),
    onSuccess: (_, role) => {
      queryClient.setQueryData<Members>(keys.members(appId), (old) =>
        old ? { ...old, members: old.members.map((m) => (m.email === member.email ? { ...m, role } : m)) } : old,
      );
      refresh();
      toast.success(`${member.email} is now ${roleLabel(data, role)}.`);
    },
    onError: (error) => toast.error(`Could not change the role of ${member.email}: ${errorMessage(error)}`),
  });
  // Inviting the same person again makes a fresh link and retires the old one.
  const renew = useMutation({
    mutationFn: () =>
      api.addMember(appId, {
        email: member.email,
        role: member.role,
        team_ids: member.team_ids,
        require_email: member.require_email,
      }),
    onSuccess: (result) => {
      refresh();
      if (result.invite_url) {
        onInvitation({ email: member.email, url: result.invite_url, kind: "invitation" });
        toast.success(`New invitation link for ${member.email}; the old one no longer works.`);
      } else {
        toast.success(`${member.email} has already joined; they sign in as usual.`);
      }
    },
    onError: (error) => toast.error(`Could not make a new link for ${member.email}: ${errorMessage(error)}`),
  });
  const resetLink = useMutation({
    mutationFn: () => api.memberResetLink(appId, member.email),
    onSuccess: (result) => {
      refresh();
      onInvitation({ email: member.email, url: result.reset_url, kind: "reset" });
    },
    onError: (error) => toast.error(`Could not make a reset link for ${member.email}: ${errorMessage(error)}`),
  });
  // A joined member's access is revoked; a pending invitation is merely withdrawn.
  const verb = member.joined ? "Revoke access of" : "Remove";
  const remove = useMutation({
    mutationFn: () => api.removeMember(appId, member.email),
    onSuccess: () => {
      setConfirming(false);
      queryClient.setQueryData<Members>(keys.members(appId), (old) =>
        old ? { ...old, members: old.members.filter((m) => m.email !== member.email) } : old,
      );
      refresh();
      toast.success(`${member.email} no longer has access.`);
    },
    onError: (error) => {
      setConfirming(false);
      toast.error(`Could not remove ${member.email}: ${errorMessage(error)}`);
    },
  });

  return (
    <li aria-label={member.email} className="flex flex-col gap-3 p-3 sm:flex-row sm:items-center">
      <div className="min-w-0 flex-1">
        <p className="flex items-center gap-2 truncate text-sm font-medium">
          {member.email}
          {member.owner && <Badge variant="secondary">Owner</Badge>}
          {!member.owner && !member.joined && <Badge variant="outline">Invited</Badge>}
          {member.require_email && !member.joined && <Badge variant="outline">This address only</Badge>}
        </p>
        {!member.owner && <JoinedAs member={member} />}
        {member.team_ids.length > 0 &&
          (teams?.table ? (
            <p className="text-muted-foreground truncate text-xs">Teams: {teamNames(teams, member.team_ids)}</p>
          ) : (
            <p className="text-muted-foreground truncate font-mono text-xs">Teams: {member.team_ids.join(", ")}</p>
          ))}
      </div>
      {member.owner ? (
        <span className="text-muted-foreground text-sm">{roleLabel(data, member.role)}</span>
      ) : (
        <div className="flex items-center gap-2">
          {!member.joined && (
            <MakeLinkButton make={renew} icon={<RefreshCwIcon aria-hidden="true" />}>
              New link
            </MakeLinkButton>
          )}
          <Label htmlFor={`${id}-role`} className="sr-only">
            Role of {member.email}
          </Label>
          <div className="w-40">
            <NativeSelect
              id={`${id}-role`}
              value={member.role}
              disabled={change.isPending}
              onChange={(e) => change.mutate(e.target.value)}
            >
              <RoleOptions data={data} />
            </NativeSelect>
          </div>
          {member.joined && data.password_reset === "owner_link" && (
            <MakeLinkButton make={resetLink} icon={<KeyRoundIcon aria-hidden="true" />}>
              <span className="sr-only">Password</span> Reset link
            </MakeLinkButton>
          )}
          <Button
            variant="ghost"
            size="icon"
            aria-label={`${verb} ${member.email}`}
            onClick={() => setConfirming(true)}
            disabled={remove.isPending}
          >
            <XIcon aria-hidden="true" />
          </Button>
          <ConfirmDialog
            open={confirming}
            onOpenChange={setConfirming}
            title={`${verb} ${member.email}?`}
            description={
              member.joined
                ? `${member.account?.email ?? member.email} can no longer open this app; a session they have open stops working within seconds. Records they created stay in the app.`
                : "The invitation link stops working. You can invite them again later."
            }
            cancelLabel="Cancel"
            busy={remove.isPending}
            confirm={
              <PendingButton variant="destructive" onClick={() => remove.mutate()} pending={remove.isPending}>
                {member.joined ? "Revoke access" : "Remove"}
              </PendingButton>
            }
          />
        </div>
      )}
    </li>
  );
}

/** A member's button that asks the API for a fresh link (invitation or password reset), busy while it does. */
function MakeLinkButton({
  make,
  icon,
  children,
}: {
  make: UseMutationResult<unknown, Error, void>;
  icon: ReactNode;
  children: ReactNode;
}) {
  return (
    <PendingButton variant="outline" size="sm" onClick={() => make.mutate()} pending={make.isPending} icon={icon}>
      {children}
    </PendingButton>
  );
}

/**
 * Who actually joined with the link: an invitation is a bearer secret, so the account
 * that used it may hold another address than the one it was made for (then said so).
 */
function JoinedAs({ member }: { member: Member }) {
  if (!member.joined) {
    return <p className="text-muted-foreground text-xs">Has not opened the invitation yet.</p>;
  }
  const account = member.account;
  const other = account && account.email !== member.email;
  return (
    <p className="text-muted-foreground truncate text-xs">
      {account && (
        <>
          Joined as{" "}
          <span className="text-foreground">{account.name ? `${account.name} · ${account.email}` : account.email}</span>
          {other && <span className="text-amber-700 dark:text-amber-400"> (not the invited address)</span>}
          {" · "}
        </>
      )}
      {member.last_sign_in_at ? (
        <>
          last signed in <TimeAgo iso={member.last_sign_in_at} />
        </>
      ) : (
        "never signed in"
      )}
    </p>
  );
}

/** A member's teams by name; a team whose row is gone is said to be so rather than shown as an id. */
export function teamNames(teams: AppTeams, ids: string[]): string {
  const names = new Map(teams.teams.map((t) => [t.id, t.label]));
  return ids.map((id) => names.get(id) ?? "a removed team").join(", ");
}

/** The app's teams as checkboxes; the form keeps the chosen ids as the text field would. */
function TeamPicker({ teams, value, onChange }: { teams: AppTeams; value: string; onChange: (text: string) => void }) {
  const id = useId();
  const chosen = new Set(parseTeamIds(value).ids);
  const toggle = (team: string, on: boolean) => {
    const next = new Set(chosen);
    if (on) next.add(team);
    else next.delete(team);
    onChange([...next].join(", "));
  };
  return (
    <fieldset className="grid gap-2" aria-describedby={`${id}-hint`}>
      <legend className="text-sm font-medium">
        Teams <span className="text-muted-foreground font-normal">(optional)</span>
      </legend>
      {teams.teams.length === 0 ? (
        <p id={`${id}-hint`} className="text-muted-foreground text-xs">
          No teams yet: add them in the app's {teams.table_label ?? teams.table} table, then come back.
        </p>
      ) : (
        <>
          <div className="flex max-h-40 flex-wrap gap-x-4 gap-y-2 overflow-y-auto">
            {teams.teams.map((team) => (
              <label key={team.id} className="flex items-center gap-2 text-sm">
                <input
                  type="checkbox"
                  className="accent-primary size-4"
                  checked={chosen.has(team.id)}
                  onChange={(e) => toggle(team.id, e.target.checked)}
                />
                {team.label}
              </label>
            ))}
          </div>
          <p id={`${id}-hint`} className="text-muted-foreground text-xs">
            The member sees the rows of these teams.
          </p>
        </>
      )}
    </fieldset>
  );
}
