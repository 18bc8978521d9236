import { redirect } from "next/navigation";

/** The control plane lives under /dashboard; the dashboard sends signed-out visitors to sign in. */
export default function Home() {
  redirect("/dashboard");
}
