"use client";

import { useRouter, useSearchParams } from "next/navigation";
import { Suspense, useCallback } from "react";
import { GenerateFlow } from "@/components/generate/generate-flow";

function GeneratePage() {
  const router = useRouter();
  const jobId = useSearchParams().get("job");
  const onSucceeded = useCallback((appId: string) => router.push(`/dashboard/apps/${appId}`), [router]);
  const onJobStarted = useCallback(
    (id: string | null) => router.replace(id ? `/dashboard/new?job=${encodeURIComponent(id)}` : "/dashboard/new"),
    [router],
  );
  return <GenerateFlow initialJobId={jobId} onJobStarted={onJobStarted} onSucceeded={onSucceeded} />;
}

export default function Page() {
  return (
    <Suspense>
      <GeneratePage />
    </Suspense>
  );
}
