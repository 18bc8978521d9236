"use client";
/**
 * /reset-password: without a link's secret, asks where to mail one (when the server
 * sends mail; otherwise the API says to ask the app's owner); with one (?token=, from
 * the mail or the owner), sets the new password. Done, the person is signed in to
 * Plinth and goes back to the app they came from (?app=), which then opens for them.
 */
import { zodResolver } from "@hookform/resolvers/zod";
import { newPassword } from "@plinth/contract";
import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { useId } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { Input } from "@/components/ui/input";
import { apiFetch, errorMessage } from "@/lib/api/client";
import { Field, FormError } from "@/lib/field";
import { PendingButton } from "@/lib/pending-button";
import { AuthCard } from "./auth-card";

/** An app slug as the address may carry it; anything else is ignored rather than followed. */
const SLUG = /^[a-z0-9][a-z0-9-]{0,99}$/;

const requestForm = z.object({ email: z.string().trim().toLowerCase().email("Enter your email address.") });
const passwordForm = z
  .object({ password: newPassword, again: z.string() })
  .refine((v) => v.password === v.again, { path: ["again"], message: "The two passwords differ; type it again." });

export function PasswordResetPage() {
  const params = useSearchParams();
  const token = params.get("token");
  const slugParam = params.get("app");
  const app = slugParam && SLUG.test(slugParam) ? slugParam : undefined;
  return token ? <ChoosePassword token={token} app={app} /> : <AskForLink app={app} />;
}

function AskForLink({ app }: { app: string | undefined }) {
  const id = useId();
  const form = useForm({ resolver: zodResolver(requestForm), defaultValues: { email: "" } });
  const ask = useMutation({
    mutationFn: (email: string) =>
      apiFetch<{ message: string }>("/api/auth/password-reset", { method: "POST", body: { email, app } }),
  });
  return (
    <AuthCard title="Forgot your password?" description="We mail you a link to choose a new one.">
      {ask.isSuccess ? (
        <p role="status" className="text-sm">
          {ask.data.message}
        </p>
      ) : (
        <form noValidate className="grid gap-4" onSubmit={form.handleSubmit(({ email }) => ask.mutate(email))}>
          <FormError message={ask.isError ? errorMessage(ask.error) : undefined} />
          <Field id={`${id}-email`} label="Email" problem={form.formState.errors.email?.message}>
            {(control) => <Input {...control} type="email" autoComplete="email" {...form.register("email")} />}
          </Field>
          <PendingButton type="submit" pending={ask.isPending}>
            Send me a link
          </PendingButton>
        </form>
      )}
      <p className="text-muted-foreground mt-4 text-center text-sm">
        <Link href={app ? `/apps/${app}` : "/sign-in"} className="text-primary underline-offset-4 hover:underline">
          Back to sign-in
        </Link>
      </p>
    </AuthCard>
  );
}

function ChoosePassword({ token, app }: { token: string; app: string | undefined }) {
  const id = useId();
  const router = useRouter();
  const form = useForm({ resolver: zodResolver(passwordForm), defaultValues: { password: "", again: "" } });
  const reset = useMutation({
    mutationFn: (password: string) =>
      apiFetch("/api/auth/password-reset/complete", { method: "POST", body: { token, password } }),
    // Signed in to Plinth now: the app opens for them without another sign-in.
    onSuccess: () => router.replace(app ? `/apps/${app}` : "/dashboard"),
  });
  const { errors } = form.formState;
  // Both fields are new passwords, so the browser offers to generate and remember one.
  const passwordField = (name: "password" | "again", label: string) => (
    <Field id={`${id}-${name}`} label={label} problem={errors[name]?.message}>
      {(control) => <Input {...control} type="password" autoComplete="new-password" {...form.register(name)} />}
    </Field>
  );
  return (
    <AuthCard title="Choose a new password" description="Every place you were signed in is signed out once it is set.">
      <form noValidate className="grid gap-4" onSubmit={form.handleSubmit(({ password }) => reset.mutate(password))}>
        <FormError message={reset.isError ? errorMessage(reset.error) : undefined} />
        {passwordField("password", "New password")}
        {passwordField("again", "New password again")}
        <PendingButton type="submit" pending={reset.isPending} disabled={reset.isSuccess}>
          Set password
        </PendingButton>
      </form>
    </AuthCard>
  );
}
