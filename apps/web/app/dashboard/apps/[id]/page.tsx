"use client";

import { useParams, useRouter } from "next/navigation";
import { AppDetail } from "@/components/app-detail/app-detail";

export default function AppDetailPage() {
  const { id } = useParams<{ id: string }>();
  const router = useRouter();
  return <AppDetail appId={id} onDeleted={() => router.push("/dashboard")} />;
}
