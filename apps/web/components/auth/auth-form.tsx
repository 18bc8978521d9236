"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import {
  MAX_DISPLAY_NAME_LENGTH,
  MIN_PASSWORD_LENGTH,
  type SignUpBody,
  signInBody,
  signUpBody,
  type User,
} from "@plinth/contract";
import { AlertCircleIcon, Loader2Icon } from "lucide-react";
import Link from "next/link";
import { useId } from "react";
import { type Resolver, useForm } from "react-hook-form";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { errorMessage } from "@/lib/api/client";
import { api } from "@/lib/api/endpoints";

type Mode = "sign-in" | "sign-up";

export function AuthForm({ mode, onSuccess, next }: { mode: Mode; onSuccess: (user: User) => void; next?: string }) {
  const id = useId();
  const signUp = mode === "sign-up";
  // The API's own rules (@plinth/contract); sign-in has no name and takes any password it was set to.
  const form = useForm<SignUpBody>({
    resolver: zodResolver(signUp ? signUpBody : signInBody) as Resolver<SignUpBody>,
    defaultValues: { display_name: "", email: "", password: "" },
  });
  const { errors, isSubmitting, isSubmitSuccessful } = form.formState;
  const problems = { email: errors.email?.message, password: errors.password?.message };
  const apiError = errors.root?.api?.message;
  // After a success the page moves on; the button stays busy until it has.
  const pending = isSubmitting || (isSubmitSuccessful && !apiError);

  const submit = form.handleSubmit(async ({ display_name, ...credentials }) => {
    try {
      const { user } = signUp
        ? await api.signUp({ ...credentials, ...(display_name ? { display_name } : {}) })
        : await api.signIn(credentials);
      onSuccess(user);
    } catch (error) {
      form.setError("root.api", { message: errorMessage(error) });
    }
  });

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
            maxLength={MAX_DISPLAY_NAME_LENGTH}
            {...form.register("display_name")}
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
          {...form.register("email")}
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
          {...form.register("password")}
          aria-invalid={problems.password ? true : undefined}
          aria-describedby={problems.password ? `${id}-password-problem` : signUp ? `${id}-password-hint` : undefined}
        />
      </FieldWithError>
      <Button type="submit" size="lg" disabled={pending} className="w-full">
        {pending && <Loader2Icon className="animate-spin" aria-hidden="true" />}
        {signUp ? (pending ? "Creating your account…" : "Create account") : pending ? "Signing in…" : "Sign in"}
      </Button>
      {!signUp && (
        <p className="text-center text-sm">
          <Link href="/reset-password" className="text-primary underline-offset-4 hover:underline">
            Forgot your password?
          </Link>
        </p>
      )}
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
