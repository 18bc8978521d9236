"use client";

/**
 * The screen behind an invitation link (/apps/<slug>?invite=…): the invitee creates a
 * Plinth account or uses the one they have, and joins the app with it. Emails are not
 * verified, so it is the link, not the email, that lets someone in.
 */
import { newPassword } from "@plinth/contract";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ApiError } from "@/lib/api/client";
import { joinApp, type RuntimeSession, signUpToPlinth } from "../data/runtime-api";
import { CredentialFields } from "./credential-fields";

type Mode = "create" | "existing";
const MODES: [Mode, string][] = [
  ["create", "Create an account"],
  ["existing", "I have a Plinth account"],
];

export function AppJoin({
  appName,
  slug,
  invite,
  onJoined,
}: {
  appName: string;
  slug: string;
  invite: string;
  onJoined: (session: RuntimeSession) => void;
}) {
  const [mode, setMode] = useState<Mode>("create");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string>();
  const [pending, setPending] = useState(false);

  const join = async (address: string) => {
    if (mode === "create") {
      try {
        await signUpToPlinth(address, password);
      } catch (e) {
        if (e instanceof ApiError && e.status === 409) {
          setMode("existing");
          return `There is already a Plinth account for ${address}. Enter its password and choose “Sign in and join”.`;
        }
        return (e as Error).message;
      }
      // The account exists from here on; a retry must sign in with it rather than create it again.
      setMode("existing");
    }
    try {
      onJoined(await joinApp(slug, address, password, invite));
      return undefined;
    } catch (e) {
      return (e as Error).message;
    }
  };

  const submit = async (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const address = email.trim();
    if (!address || !password) {
      setError("Enter your email and password.");
      return;
    }
    // A new account's password follows the API's rules (@plinth/contract), said before it is sent.
    const passwordProblem = mode === "create" ? newPassword.safeParse(password).error?.issues[0]?.message : undefined;
    if (passwordProblem) {
      setError(passwordProblem);
      return;
    }
    setPending(true);
    setError(await join(address));
    setPending(false);
  };

  const choose = (next: Mode) => {
    setMode(next);
    setError(undefined);
  };

  return (
    <main className="flex min-h-dvh items-center justify-center p-4">
      <Card className="w-full max-w-sm">
        <CardHeader>
          <CardTitle>
            <h1 className="text-xl">Join {appName}</h1>
          </CardTitle>
          <CardDescription>
            You were invited to {appName}. Join with a Plinth account; afterwards you sign in with it as usual.
          </CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4">
          <fieldset className="grid grid-cols-2 gap-2">
            <legend className="sr-only">How to join</legend>
            {MODES.map(([value, label]) => (
              <Button
                key={value}
                type="button"
                size="sm"
                variant={mode === value ? "default" : "outline"}
                aria-pressed={mode === value}
                onClick={() => choose(value)}
              >
                {label}
              </Button>
            ))}
          </fieldset>
          <form className="grid gap-4" onSubmit={submit}>
            <CredentialFields
              idPrefix="app-join"
              error={error}
              email={email}
              onEmail={setEmail}
              password={password}
              onPassword={setPassword}
              newPassword={mode === "create"}
            />
            <Button type="submit" disabled={pending}>
              {pending ? "Joining…" : mode === "create" ? "Create account and join" : "Sign in and join"}
            </Button>
          </form>
        </CardContent>
      </Card>
    </main>
  );
}
