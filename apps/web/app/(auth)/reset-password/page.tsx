import type { Metadata } from "next";
import { PasswordResetPage } from "@/components/auth/password-reset";

export const metadata: Metadata = { title: "Reset your password" };

export default function ResetPasswordPage() {
  return <PasswordResetPage />;
}
