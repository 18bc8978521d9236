"use client";

import { AlertCircleIcon, Loader2Icon, SparklesIcon } from "lucide-react";
import { useId, useState } from "react";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import { ModelSelect } from "./model-select";

export const MAX_PROMPT_CHARS = 20_000;

export const EXAMPLE_PROMPTS: { title: string; prompt: string }[] = [
  {
    title: "Sales CRM",
    prompt:
      "A CRM for our 10-person sales team: companies, contacts and deals moving through a pipeline (lead, qualified, proposal, won, lost). Sales reps see and edit only their own deals, managers see their team's deals, admins see everything.",
  },
  {
    title: "Helpdesk",
    prompt:
      "A helpdesk where customers open support tickets with a priority, agents reply and close them, and a supervisor sees every ticket. Customers only see their own tickets.",
  },
  {
    title: "Inventory",
    prompt:
      "Inventory for a small warehouse: products with SKU and reorder level, suppliers, and stock movements in and out. Staff record movements; only managers can add or edit products and suppliers.",
  },
  {
    title: "Expense approvals",
    prompt:
      "Expense approvals: employees submit expenses with an amount, category, date and receipt link; their manager approves or rejects them; finance sees everything and marks approved expenses as paid.",
  },
];

export function validatePrompt(prompt: string): string | null {
  const text = prompt.trim();
  if (text.length < 3) return "Describe your app in a few words first.";
  if (text.length > MAX_PROMPT_CHARS)
    return `Keep the description under ${MAX_PROMPT_CHARS.toLocaleString("en")} characters.`;
  return null;
}

export function GenerateForm({
  initialPrompt = "",
  initialModel = "",
  error,
  onSubmit,
}: {
  initialPrompt?: string;
  initialModel?: string;
  /** A failure from the API, shown above the form. */
  error?: string | null;
  onSubmit: (prompt: string, model: string) => Promise<void>;
}) {
  const id = useId();
  const [prompt, setPrompt] = useState(initialPrompt);
  const [model, setModel] = useState(initialModel);
  const [problem, setProblem] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const found = validatePrompt(prompt);
    setProblem(found);
    if (found) {
      document.getElementById(`${id}-prompt`)?.focus();
      return;
    }
    setPending(true);
    try {
      await onSubmit(prompt.trim(), model || "offline");
    } finally {
      setPending(false);
    }
  }

  return (
    <form noValidate onSubmit={submit} className="grid gap-6">
      {error && (
        <Alert variant="destructive">
          <AlertCircleIcon />
          <AlertDescription>{error}</AlertDescription>
        </Alert>
      )}
      <div className="grid gap-2">
        <Label htmlFor={`${id}-prompt`} className="text-base">
          Describe your app
        </Label>
        <p id={`${id}-prompt-hint`} className="text-muted-foreground text-sm">
          Say who uses it, what they keep track of, and who may see or change what.
        </p>
        <Textarea
          id={`${id}-prompt`}
          value={prompt}
          onChange={(e) => setPrompt(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter" && (e.metaKey || e.ctrlKey)) e.currentTarget.form?.requestSubmit();
          }}
          rows={6}
          className="min-h-36 text-base leading-relaxed"
          placeholder="A CRM for my sales team where reps see only their own deals…"
          aria-invalid={problem ? true : undefined}
          aria-describedby={`${id}-prompt-hint${problem ? ` ${id}-prompt-problem` : ""}`}
        />
        {problem && (
          <p id={`${id}-prompt-problem`} className="text-destructive text-sm">
            {problem}
          </p>
        )}
        <fieldset className="mt-1">
          <legend className="text-muted-foreground mb-2 text-xs font-medium tracking-wide uppercase">
            Start from an example
          </legend>
          <div className="flex flex-wrap gap-2">
            {EXAMPLE_PROMPTS.map((example) => (
              <Button
                key={example.title}
                type="button"
                variant="secondary"
                size="sm"
                className="rounded-full"
                aria-label={`Use the ${example.title} example`}
                onClick={() => {
                  setPrompt(example.prompt);
                  setProblem(null);
                  document.getElementById(`${id}-prompt`)?.focus();
                }}
              >
                {example.title}
              </Button>
            ))}
          </div>
        </fieldset>
      </div>
      <div className="grid gap-2 sm:max-w-sm">
        <Label htmlFor={`${id}-model`}>Model</Label>
        <ModelSelect id={`${id}-model`} value={model} onChange={setModel} describedBy={`${id}-model-hint`} />
        <p id={`${id}-model-hint`} className="text-muted-foreground text-xs">
          The offline planner needs no API key and builds a sensible app from your description.
        </p>
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" size="lg" disabled={pending}>
          {pending ? <Loader2Icon className="animate-spin" aria-hidden="true" /> : <SparklesIcon aria-hidden="true" />}
          {pending ? "Starting…" : "Generate app"}
        </Button>
        <span className="text-muted-foreground hidden text-xs sm:inline">
          or press <kbd className="bg-muted rounded border px-1 font-mono">Ctrl</kbd>+
          <kbd className="bg-muted rounded border px-1 font-mono">Enter</kbd>
        </span>
      </div>
    </form>
  );
}
