import { ConsoleShell } from "@/components/console/console-shell";

export default function DashboardLayout({ children }: { children: React.ReactNode }) {
  return <ConsoleShell>{children}</ConsoleShell>;
}
