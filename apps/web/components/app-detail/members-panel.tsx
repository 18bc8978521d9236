"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { isUuid } from "@plinth/blueprint";
import { type Member, type MemberBody, type Members, memberBody } from "@plinth/contract";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { CopyIcon, Loader2Icon, RefreshCwIcon, UserPlusIcon, XIcon } from "lucide-react";
import { useEffect, useId, useRef, useState } from "react";
import { useForm } from "react-hook-form";
import { toast } from "sonner";
import { z } from "zod";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import { Skeleton } from "@/components/ui/skeleton";
import { errorMessage } from "@/lib/api/client";
import { api } from "@/lib/api/endpoints";
import { ConfirmDialog } from "@/lib/confirm-dialog";
import { PendingButton } from "@/lib/pending-button";
import { keys } from "@/lib/queries";
import { ErrorState } from "@/lib/states";

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

/** A freshly made invitation link and whom it is for; the API shows it only once. */
interface Invitation {
  email: string;
  url: string;
}

export function MembersPanel({ appId }: { appId: string }) {
  const members = useQuery({ queryKey: keys.members(appId), queryFn: () => api.members(appId) });
  const [invitation, setInvitation] = useState<Invitation>();

  if (members.isPending) {
    return (
      <div className="grid gap-3" role="status" aria-busy="true">
        <span className="sr-only">Loading members…</span>
        <Skeleton className="h-10 w-full" />
        <Skeleton className="h-10 w-full" />
      </div>
    );
  }
  if (members.isError) {
    return (
      <ErrorState
        title="Members could not be loaded"
        message={errorMessage(members.error)}
        onRetry={() => members.refetch()}
      />
    );
  }
  return (
    <div className="grid gap-8">
      <InviteForm appId={appId} data={members.data} onInvitation={setInvitation} />
      {invitation && <InvitationLink key={invitation.url} invitation={invitation} />}
      <MemberList appId={appId} data={members.data} onInvitation={setInvitation} />
    </div>
  );
}

interface MembersSectionProps {
  appId: string;
  data: Members;
  onInvitation: (invitation: Invitation) => void;
}

function InviteForm({ appId, data, onInvitation }: MembersSectionProps) {
  const id = useId();
  const queryClient = useQueryClient();
  const form = useForm({
    resolver: zodResolver(inviteForm),
    defaultValues: { email: "", role: data.default_role ?? data.roles.at(-1)?.name ?? "", teams: "" },
  });
  const problems = { email: form.formState.errors.email?.message, teams: form.formState.errors.teams?.message };
  const invite = useMutation({
    mutationFn: (body: MemberBody) => api.addMember(appId, body),
    onSuccess: (result, body) => {
      void queryClient.invalidateQueries({ queryKey: keys.members(appId) });
      void queryClient.invalidateQueries({ queryKey: keys.history(appId) });
      if (result.invite_url) {
        onInvitation({ email: body.email, url: result.invite_url });
        toast.success(`${body.email} is invited as ${roleLabel(data, body.role)}; send them the invitation link.`);
      } else {
        toast.success(`${body.email} can now use the app as ${roleLabel(data, body.role)}.`);
      }
      form.resetField("email");
      form.resetField("teams");
    },
  });

  const submit = form.handleSubmit(({ email, role, teams }) => invite.mutate({ email, role, team_ids: teams }));

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
      {invite.isError && (
        <Alert variant="destructive">
          <AlertDescription>{errorMessage(invite.error)}</AlertDescription>
        </Alert>
      )}
      <div className="grid gap-4 md:grid-cols-[2fr_1fr]">
        <div className="grid gap-2">
          <Label htmlFor={`${id}-email`}>Email</Label>
          <Input
            id={`${id}-email`}
            type="email"
            inputMode="email"
            autoComplete="off"
            {...form.register("email")}
            aria-invalid={problems.email ? true : undefined}
            aria-describedby={problems.email ? `${id}-email-problem` : undefined}
          />
          {problems.email && (
            <p id={`${id}-email-problem`} className="text-destructive text-sm">
              {problems.email}
            </p>
          )}
        </div>
        <div className="grid content-start gap-2">
          <Label htmlFor={`${id}-role`}>Role</Label>
          <NativeSelect id={`${id}-role`} {...form.register("role")}>
            {data.roles.map((r) => (
              <option key={r.name} value={r.name}>
                {r.label}
              </option>
            ))}
          </NativeSelect>
        </div>
      </div>
      <div className="grid gap-2">
        <Label htmlFor={`${id}-teams`}>
          Teams <span className="text-muted-foreground font-normal">(optional)</span>
        </Label>
        <Input
          id={`${id}-teams`}
          {...form.register("teams")}
          placeholder="Team ids, separated by commas"
          aria-invalid={problems.teams ? true : undefined}
          aria-describedby={problems.teams ? `${id}-teams-problem` : `${id}-teams-hint`}
        />
        {problems.teams ? (
          <p id={`${id}-teams-problem`} className="text-destructive text-sm">
            {problems.teams}
          </p>
        ) : (
          <p id={`${id}-teams-hint`} className="text-muted-foreground text-xs">
            Only for apps whose rows are shared by team: the member sees the rows of these teams.
          </p>
        )}
      </div>
      <div>
        <PendingButton type="submit" pending={invite.isPending} icon={<UserPlusIcon aria-hidden="true" />}>
          {invite.isPending ? "Inviting…" : "Invite"}
        </PendingButton>
      </div>
    </form>
  );
}

const roleLabel = (data: Members, role: string) => data.roles.find((r) => r.name === role)?.label ?? role;

/** The link is focused and selected when it appears, so it is in view and ready to copy. */
function InvitationLink({ invitation }: { invitation: Invitation }) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, []);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(invitation.url);
      toast.success(`Invitation link for ${invitation.email} copied.`);
    } catch {
      toast.error("The link could not be copied; select it and copy it yourself.");
    }
  };
  return (
    <section aria-labelledby={`${id}-title`} className="bg-muted/40 grid gap-3 rounded-lg border p-4">
      <h3 id={`${id}-title`} className="font-medium">
        Invitation for {invitation.email}
      </h3>
      <p id={`${id}-hint`} className="text-muted-foreground text-sm">
        Send this link to {invitation.email}. It works once, and it is shown only now: Plinth keeps no copy. If it gets
        lost, make a new one with “New link”.
      </p>
      <div className="grid gap-2">
        <Label htmlFor={`${id}-url`}>Invitation link</Label>
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

function MemberList({ appId, data, onInvitation }: MembersSectionProps) {
  return (
    <section aria-labelledby="members-heading" className="grid gap-3">
      <h3 id="members-heading" className="font-medium">
        People with access <span className="text-muted-foreground font-normal">({data.members.length})</span>
      </h3>
      <ul className="divide-y rounded-lg border" aria-label="Members">
        {data.members.map((member) => (
          <MemberRow key={member.email} appId={appId} data={data} member={member} onInvitation={onInvitation} />
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
  member,
  onInvitation,
}: {
  appId: string;
  data: Members;
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
    mutationFn: () => api.addMember(appId, { email: member.email, role: member.role, team_ids: member.team_ids }),
    onSuccess: (result) => {
      refresh();
      if (result.invite_url) {
        onInvitation({ email: member.email, url: result.invite_url });
        toast.success(`New invitation link for ${member.email}; the old one no longer works.`);
      } else {
        toast.success(`${member.email} has already joined; they sign in as usual.`);
      }
    },
    onError: (error) => toast.error(`Could not make a new link for ${member.email}: ${errorMessage(error)}`),
  });
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
        </p>
        {member.team_ids.length > 0 && (
          <p className="text-muted-foreground truncate font-mono text-xs">Teams: {member.team_ids.join(", ")}</p>
        )}
      </div>
      {member.owner ? (
        <span className="text-muted-foreground text-sm">{roleLabel(data, member.role)}</span>
      ) : (
        <div className="flex items-center gap-2">
          {!member.joined && (
            <Button variant="outline" size="sm" onClick={() => renew.mutate()} disabled={renew.isPending}>
              {renew.isPending ? (
                <Loader2Icon className="animate-spin" aria-hidden="true" />
              ) : (
                <RefreshCwIcon aria-hidden="true" />
              )}
              New link
            </Button>
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
              {data.roles.map((r) => (
                <option key={r.name} value={r.name}>
                  {r.label}
                </option>
              ))}
            </NativeSelect>
          </div>
          <Button
            variant="ghost"
            size="icon"
            aria-label={`Remove ${member.email}`}
            onClick={() => setConfirming(true)}
            disabled={remove.isPending}
          >
            <XIcon aria-hidden="true" />
          </Button>
          <ConfirmDialog
            open={confirming}
            onOpenChange={(open) => !remove.isPending && setConfirming(open)}
            title={`Remove ${member.email}?`}
            description="They will no longer be able to open this app. Records they created stay in the app."
            cancelLabel="Cancel"
            cancelDisabled={remove.isPending}
            confirm={
              <Button variant="destructive" onClick={() => remove.mutate()} disabled={remove.isPending}>
                {remove.isPending && <Loader2Icon className="animate-spin" aria-hidden="true" />}
                Remove
              </Button>
            }
          />
        </div>
      )}
    </li>
  );
}
