"use client";
/** Sign-in for an app's end users (Plinth accounts that joined through an invitation; the owner uses their own). */
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { CredentialFields } from "./credential-fields";

export function AppSignIn({
  appName,
  slug,
  onSignIn,
}: {
  appName: string;
  slug: string;
  onSignIn: (email: string, password: string) => Promise<string | undefined>;
}) {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string>();
  const [pending, setPending] = useState(false);
  return (
    <main className="flex min-h-dvh items-center justify-center p-4">
      <Card className="w-full max-w-sm">
        <CardHeader>
          <CardTitle>
            <h1 className="text-xl">Sign in to {appName}</h1>
          </CardTitle>
          <CardDescription>
            Sign in with your Plinth account. First time here? Open the invitation link the app's owner sent you.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <form
            className="grid gap-4"
            onSubmit={async (e) => {
              e.preventDefault();
              if (!email.trim() || !password) {
                setError("Enter your email and password.");
                return;
              }
              setPending(true);
              setError(await onSignIn(email.trim(), password));
              setPending(false);
            }}
          >
            <CredentialFields
              idPrefix="app"
              error={error}
              email={email}
              onEmail={setEmail}
              password={password}
              onPassword={setPassword}
            />
            <Button type="submit" disabled={pending}>
              {pending ? "Signing in…" : "Sign in"}
            </Button>
          </form>
          <p className="mt-4 text-center text-sm">
            <a
              href={`/reset-password?app=${encodeURIComponent(slug)}`}
              className="text-primary underline-offset-4 hover:underline"
            >
              Forgot your password?
            </a>
          </p>
        </CardContent>
      </Card>
    </main>
  );
}
