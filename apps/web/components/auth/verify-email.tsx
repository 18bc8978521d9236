"use client";
/** /verify-email?token=: confirms the address a mailed link was sent to, once, on opening. */
import { useQuery } from "@tanstack/react-query";
import { useSearchParams } from "next/navigation";
import { apiFetch, errorMessage } from "@/lib/api/client";
import { AuthCard } from "./auth-card";

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
    <AuthCard title="Verify your email">
      <p role={verified.isError || !token ? "alert" : "status"} className="text-sm">
        {message}
      </p>
    </AuthCard>
  );
}
