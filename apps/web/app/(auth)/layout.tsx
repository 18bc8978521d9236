import { Suspense } from "react";
import { Brand } from "@/components/brand";
import { Card } from "@/components/ui/card";

/** Sign-in, sign-up, password reset and email verification: the brand above one card. */
export default function AuthLayout({ children }: { children: React.ReactNode }) {
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center bg-gradient-to-b from-accent/60 to-background px-4 py-12">
      <Brand className="mb-8" href="/sign-in" />
      <Card className="w-full max-w-sm">
        {/* The pages read the address's query (?next=, ?token=), which only the browser has. */}
        <Suspense>{children}</Suspense>
      </Card>
    </main>
  );
}
