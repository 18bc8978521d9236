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
import { Loader2Icon } from "lucide-react";
import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { useId } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { Brand } from "@/components/brand";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { apiFetch, errorMessage } from "@/lib/api/client";

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
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center bg-gradient-to-b from-accent/60 to-background px-4 py-12">
      <Brand className="mb-8" href="/sign-in" />
      <Card className="w-full max-w-sm">
        {token ? <ChoosePassword token={token} app={app} /> : <AskForLink app={app} />}
      </Card>
    </main>
  );
}

function AskForLink({ app }: { app: string | undefined }) {
  const id = useId();
  const form = useForm({ resolver: zodResolver(requestForm), defaultValues: { email: "" } });
  const ask = useMutation({
    mutationFn: (email: string) =>
      apiFetch<{ message: string }>("/api/auth/password-reset", { method: "POST", body: { email, app } }),
  });
  const problem = form.formState.errors.email?.message;
  return (
    <>
      <CardHeader>
        <CardTitle className="text-xl">
          <h1>Forgot your password?</h1>
        </CardTitle>
        <CardDescription>We mail you a link to choose a new one.</CardDescription>
      </CardHeader>
      <CardContent>
        {ask.isSuccess ? (
          <p role="status" className="text-sm">
            {ask.data.message}
          </p>
        ) : (
          <form noValidate className="grid gap-4" onSubmit={form.handleSubmit(({ email }) => ask.mutate(email))}>
            {ask.isError && (
              <Alert variant="destructive">
                <AlertDescription>{errorMessage(ask.error)}</AlertDescription>
              </Alert>
            )}
            <div className="grid gap-2">
              <Label htmlFor={`${id}-email`}>Email</Label>
              <Input
                id={`${id}-email`}
                type="email"
                autoComplete="email"
                {...form.register("email")}
                aria-invalid={problem ? true : undefined}
                aria-describedby={problem ? `${id}-email-problem` : undefined}
              />
              {problem && (
                <p id={`${id}-email-problem`} className="text-destructive text-sm">
                  {problem}
                </p>
              )}
            </div>
            <Button type="submit" disabled={ask.isPending}>
              {ask.isPending && <Loader2Icon className="animate-spin" aria-hidden="true" />}
              Send me a link
            </Button>
          </form>
        )}
        <p className="text-muted-foreground mt-4 text-center text-sm">
          <Link href={app ? `/apps/${app}` : "/sign-in"} className="text-primary underline-offset-4 hover:underline">
            Back to sign-in
          </Link>
        </p>
      </CardContent>
    </>
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
  const problems = { password: form.formState.errors.password?.message, again: form.formState.errors.again?.message };
  return (
    <>
      <CardHeader>
        <CardTitle className="text-xl">
          <h1>Choose a new password</h1>
        </CardTitle>
        <CardDescription>Every place you were signed in is signed out once it is set.</CardDescription>
      </CardHeader>
      <CardContent>
        <form noValidate className="grid gap-4" onSubmit={form.handleSubmit(({ password }) => reset.mutate(password))}>
          {reset.isError && (
            <Alert variant="destructive">
              <AlertDescription>{errorMessage(reset.error)}</AlertDescription>
            </Alert>
          )}
          <div className="grid gap-2">
            <Label htmlFor={`${id}-password`}>New password</Label>
            <Input
              id={`${id}-password`}
              type="password"
              autoComplete="new-password"
              {...form.register("password")}
              aria-invalid={problems.password ? true : undefined}
              aria-describedby={problems.password ? `${id}-password-problem` : undefined}
            />
            {problems.password && (
              <p id={`${id}-password-problem`} className="text-destructive text-sm">
                {problems.password}
              </p>
            )}
          </div>
          <div className="grid gap-2">
            <Label htmlFor={`${id}-again`}>New password again</Label>
            <Input
              id={`${id}-again`}
              type="password"
              autoComplete="new-password"
              {...form.register("again")}
              aria-invalid={problems.again ? true : undefined}
              aria-describedby={problems.again ? `${id}-again-problem` : undefined}
            />
            {problems.again && (
              <p id={`${id}-again-problem`} className="text-destructive text-sm">
                {problems.again}
              </p>
            )}
          </div>
          <Button type="submit" disabled={reset.isPending || reset.isSuccess}>
            {reset.isPending && <Loader2Icon className="animate-spin" aria-hidden="true" />}
            Set password
          </Button>
        </form>
      </CardContent>
    </>
  );
}
