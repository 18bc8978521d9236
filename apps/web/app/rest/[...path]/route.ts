export { DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT } from "@/lib/security/forwarding-route";

export const dynamic = "force-dynamic";
