"use client";

import { AlertCircleIcon, Loader2Icon } from "lucide-react";
import Link from "next/link";
import { useId, useState } from "react";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { errorMessage } from "@/lib/api/client";
import { api } from "@/lib/api/endpoints";
import type { User } from "@/lib/api/types";

export const MIN_PASSWORD_LENGTH = 8;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

type Mode = "sign-in" | "sign-up";
type Field = "email" | "password";

export function validateCredentials(mode: Mode, email: string, password: string): Partial<Record<Field, string>> {
  const problems: Partial<Record<Field, string>> = {};
  if (!email.trim()) problems.email = "Enter your email address.";
  else if (!EMAIL.test(email.trim())) problems.email = "Enter a valid email address, such as you@company.com.";
  if (!password) problems.password = mode === "sign-up" ? "Choose a password." : "Enter your password.";
  else if (mode === "sign-up" && !password.trim()) problems.password = "Choose a password that is more than spaces.";
  else if (mode === "sign-up" && password.length < MIN_PASSWORD_LENGTH)
    problems.password = `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
  return problems;
}

export function AuthForm({ mode, onSuccess, next }: { mode: Mode; onSuccess: (user: User) => void; next?: string }) {
  const id = useId();
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [problems, setProblems] = useState<Partial<Record<Field, string>>>({});
  const [apiError, setApiError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const signUp = mode === "sign-up";

  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const found = validateCredentials(mode, email, password);
    setProblems(found);
    setApiError(null);
    if (Object.keys(found).length > 0) {
      document.getElementById(`${id}-${found.email ? "email" : "password"}`)?.focus();
      return;
    }
    setPending(true);
    try {
      const credentials = { email: email.trim(), password };
      const { user } = signUp
        ? await api.signUp({ ...credentials, ...(name.trim() ? { display_name: name.trim() } : {}) })
        : await api.signIn(credentials);
      onSuccess(user);
    } catch (error) {
      setApiError(errorMessage(error));
      setPending(false);
    }
  }

  const otherHref = `${signUp ? "/sign-in" : "/sign-up"}${next ? `?next=${encodeURIComponent(next)}` : ""}`;

  return (
    <form noValidate onSubmit={submit} className="grid gap-5" aria-describedby={apiError ? `${id}-error` : undefined}>
      {apiError && (
        <Alert variant="destructive" id={`${id}-error`}>
          <AlertCircleIcon />
          <AlertDescription>{apiError}</AlertDescription>
        </Alert>
      )}
      {signUp && (
        <div className="grid gap-2">
          <Label htmlFor={`${id}-name`}>
            Your name <span className="text-muted-foreground font-normal">(optional)</span>
          </Label>
          <Input
            id={`${id}-name`}
            autoComplete="name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            maxLength={80}
          />
        </div>
      )}
      <FieldWithError id={`${id}-email`} label="Email" problem={problems.email}>
        <Input
          id={`${id}-email`}
          type="email"
          inputMode="email"
          autoComplete="email"
          autoFocus
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          aria-invalid={problems.email ? true : undefined}
          aria-describedby={problems.email ? `${id}-email-problem` : undefined}
        />
      </FieldWithError>
      <FieldWithError
        id={`${id}-password`}
        label="Password"
        problem={problems.password}
        // The API also refuses the most common leaked passwords; the list is too large to ship
        // to the browser, so that refusal shows as the API's own message.
        hint={signUp ? `At least ${MIN_PASSWORD_LENGTH} characters, and not a common password.` : undefined}
      >
        <Input
          id={`${id}-password`}
          type="password"
          autoComplete={signUp ? "new-password" : "current-password"}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          aria-invalid={problems.password ? true : undefined}
          aria-describedby={problems.password ? `${id}-password-problem` : signUp ? `${id}-password-hint` : undefined}
        />
      </FieldWithError>
      <Button type="submit" size="lg" disabled={pending} className="w-full">
        {pending && <Loader2Icon className="animate-spin" aria-hidden="true" />}
        {signUp ? (pending ? "Creating your account…" : "Create account") : pending ? "Signing in…" : "Sign in"}
      </Button>
      <p className="text-muted-foreground text-center text-sm">
        {signUp ? "Already have an account? " : "New to Plinth? "}
        <Link href={otherHref} className="text-primary font-medium underline-offset-4 hover:underline">
          {signUp ? "Sign in" : "Create an account"}
        </Link>
      </p>
    </form>
  );
}

function FieldWithError({
  id,
  label,
  problem,
  hint,
  children,
}: {
  id: string;
  label: string;
  problem?: string;
  hint?: string;
  children: React.ReactNode;
}) {
  return (
    <div className="grid gap-2">
      <Label htmlFor={id}>{label}</Label>
      {children}
      {problem ? (
        <p id={`${id}-problem`} className="text-destructive text-sm">
          {problem}
        </p>
      ) : hint ? (
        <p id={`${id}-hint`} className="text-muted-foreground text-sm">
          {hint}
        </p>
      ) : null}
    </div>
  );
}
