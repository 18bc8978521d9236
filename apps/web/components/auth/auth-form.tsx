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
import Link from "next/link";
import { useId } from "react";
import { type Resolver, useForm } from "react-hook-form";
import { Input } from "@/components/ui/input";
import { errorMessage } from "@/lib/api/client";
import { api } from "@/lib/api/endpoints";
import { Field, FormError } from "@/lib/field";
import { PendingButton } from "@/lib/pending-button";

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
      <FormError id={`${id}-error`} message={apiError} />
      {signUp && (
        <Field id={`${id}-name`} label="Your name" optional>
          {(control) => (
            <Input
              {...control}
              autoComplete="name"
              maxLength={MAX_DISPLAY_NAME_LENGTH}
              {...form.register("display_name")}
            />
          )}
        </Field>
      )}
      <Field id={`${id}-email`} label="Email" problem={problems.email}>
        {(control) => (
          <Input
            {...control}
            type="email"
            inputMode="email"
            autoComplete="email"
            autoFocus
            {...form.register("email")}
          />
        )}
      </Field>
      <Field
        id={`${id}-password`}
        label="Password"
        problem={problems.password}
        // The API also refuses the most common leaked passwords; the list is too large to ship
        // to the browser, so that refusal shows as the API's own message.
        hint={signUp ? `At least ${MIN_PASSWORD_LENGTH} characters, and not a common password.` : undefined}
      >
        {(control) => (
          <Input
            {...control}
            type="password"
            autoComplete={signUp ? "new-password" : "current-password"}
            {...form.register("password")}
          />
        )}
      </Field>
      <PendingButton type="submit" size="lg" pending={pending} className="w-full">
        {signUp ? (pending ? "Creating your account…" : "Create account") : pending ? "Signing in…" : "Sign in"}
      </PendingButton>
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
