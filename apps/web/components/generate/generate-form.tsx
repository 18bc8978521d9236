"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { generateBody } from "@plinth/contract";
import { SparklesIcon } from "lucide-react";
import { useId, useState } from "react";
import { Controller, useForm } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import { CheckboxField, Field, FormError } from "@/lib/field";
import { PendingButton } from "@/lib/pending-button";
import { ModelSelect } from "./model-select";

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
  /** `sample`: fill the new app with sample rows once it runs. */
  onSubmit: (prompt: string, model: string, sample: boolean) => Promise<void>;
}) {
  const id = useId();
  // The API's own rules (@plinth/contract): the same length limits, the same words.
  const form = useForm({
    resolver: zodResolver(generateBody),
    defaultValues: { prompt: initialPrompt, model: initialModel },
  });
  const problem = form.formState.errors.prompt?.message;
  const pending = form.formState.isSubmitting;
  // Sample rows are on by default for the offline planner (a first look should not be empty), off for a model.
  const [sample, setSample] = useState<boolean | null>(null);
  const model = form.watch("model");
  const fillSample = sample ?? (!model || model === "offline");
  const submit = form.handleSubmit(({ prompt, model }) => onSubmit(prompt, model || "offline", fillSample));

  return (
    <form noValidate onSubmit={submit} className="grid gap-6">
      <FormError message={error} />
      <div className="grid gap-2">
        <Label htmlFor={`${id}-prompt`} className="text-base">
          Describe your app
        </Label>
        <p id={`${id}-prompt-hint`} className="text-muted-foreground text-sm">
          Say who uses it, what they keep track of, and who may see or change what.
        </p>
        <Textarea
          id={`${id}-prompt`}
          {...form.register("prompt")}
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
                  form.setValue("prompt", example.prompt);
                  form.clearErrors("prompt");
                  form.setFocus("prompt");
                }}
              >
                {example.title}
              </Button>
            ))}
          </div>
        </fieldset>
      </div>
      <Field
        id={`${id}-model`}
        label="Model"
        hint="The offline planner needs no API key and builds a sensible app from your description."
        className="sm:max-w-sm"
      >
        {(control) => (
          <Controller
            control={form.control}
            name="model"
            render={({ field }) => (
              <ModelSelect
                id={control.id}
                value={field.value ?? ""}
                onChange={field.onChange}
                describedBy={control["aria-describedby"]}
              />
            )}
          />
        )}
      </Field>
      <CheckboxField
        id={`${id}-sample`}
        label="Fill with sample data"
        hint="Adds a few example rows to every table so you can try the app at once; remove them in one click on the app's page."
        checked={fillSample}
        onChange={(e) => setSample(e.currentTarget.checked)}
      />
      <div className="flex flex-wrap items-center gap-3">
        <PendingButton type="submit" size="lg" pending={pending} icon={<SparklesIcon aria-hidden="true" />}>
          {pending ? "Starting…" : "Generate app"}
        </PendingButton>
        <span className="text-muted-foreground hidden text-xs sm:inline">
          or press <kbd className="bg-muted rounded border px-1 font-mono">Ctrl</kbd>+
          <kbd className="bg-muted rounded border px-1 font-mono">Enter</kbd>
        </span>
      </div>
    </form>
  );
}
