"use client";
/** The email and password fields of the runtime's sign-in and join forms, with the form's error above them. */
import { MIN_PASSWORD_LENGTH } from "@plinth/contract";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";

export function CredentialFields({
  idPrefix,
  error,
  email,
  onEmail,
  password,
  onPassword,
  newPassword = false,
}: {
  idPrefix: string;
  error?: string;
  email: string;
  onEmail: (email: string) => void;
  password: string;
  onPassword: (password: string) => void;
  /** Choosing a password for a new account: the browser offers to generate one and the rule is shown. */
  newPassword?: boolean;
}) {
  const hintId = `${idPrefix}-password-hint`;
  return (
    <>
      {error && (
        <Alert variant="destructive">
          <AlertDescription>{error}</AlertDescription>
        </Alert>
      )}
      <div className="grid gap-1.5">
        <Label htmlFor={`${idPrefix}-email`}>Email</Label>
        <Input
          id={`${idPrefix}-email`}
          type="email"
          autoComplete="email"
          value={email}
          onChange={(e) => onEmail(e.target.value)}
        />
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor={`${idPrefix}-password`}>Password</Label>
        <Input
          id={`${idPrefix}-password`}
          type="password"
          autoComplete={newPassword ? "new-password" : "current-password"}
          value={password}
          onChange={(e) => onPassword(e.target.value)}
          aria-describedby={newPassword ? hintId : undefined}
        />
        {newPassword && (
          <p id={hintId} className="text-muted-foreground text-xs">
            At least {MIN_PASSWORD_LENGTH} characters.
          </p>
        )}
      </div>
    </>
  );
}
