"use client";
/** /verify-email?token=: confirms the address a mailed link was sent to, once, on opening. */
import { useQuery } from "@tanstack/react-query";
import { useSearchParams } from "next/navigation";
import { Brand } from "@/components/brand";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { apiFetch, errorMessage } from "@/lib/api/client";

export function VerifyEmailPage() {
  const token = useSearchParams().get("token");
  const verified = useQuery({
    queryKey: ["verify-email", token],
    queryFn: () => apiFetch("/api/auth/verify-email", { method: "POST", body: { token } }),
    enabled: Boolean(token),
    retry: false,
    staleTime: Number.POSITIVE_INFINITY,
  });
  const message = !token
    ? "This link is incomplete; open the whole link from the email."
    : verified.isPending
      ? "Verifying…"
      : verified.isError
        ? errorMessage(verified.error)
        : "Your email address is verified. Go back to the invitation link and join.";
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center px-4 py-12">
      <Brand className="mb-8" href="/sign-in" />
      <Card className="w-full max-w-sm">
        <CardHeader>
          <CardTitle className="text-xl">
            <h1>Verify your email</h1>
          </CardTitle>
        </CardHeader>
        <CardContent>
          <p role={verified.isError || !token ? "alert" : "status"} className="text-sm">
            {message}
          </p>
        </CardContent>
      </Card>
    </main>
  );
}
