/**
 * /apps/<slug>: the runtime (runtime-layout.tsx), preceded by the script that asks for the
 * app's status and blueprint while the page's JavaScript still loads. The script carries
 * the request's Content Security Policy nonce, as Next.js's own scripts do.
 */
import { headers } from "next/headers";
import { earlyRequestsFor } from "@/runtime/data/runtime-api";
import { AppRuntimeLayout } from "./runtime-layout";

export default async function AppLayout({
  children,
  params,
}: {
  children: React.ReactNode;
  params: Promise<{ slug: string }>;
}) {
  const { slug } = await params;
  const policy = (await headers()).get("content-security-policy") ?? "";
  const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
  return (
    <>
      {/* biome-ignore lint/security/noDangerouslySetInnerHtml: our own script, the slug JSON-escaped in it (early-requests.ts). */}
      <script nonce={nonce} dangerouslySetInnerHTML={{ __html: earlyRequestsFor(slug) }} />
      <AppRuntimeLayout>{children}</AppRuntimeLayout>
    </>
  );
}
