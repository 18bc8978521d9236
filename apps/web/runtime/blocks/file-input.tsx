"use client";
/**
 * A form field for a file or image column: choosing a file uploads it at once, with
 * its progress, and the field then holds the stored path the row will save. An image
 * is previewed from the chosen file itself (no round trip); a stored one through its
 * signed URL.
 */
import type { Column } from "@plinth/blueprint";
import { UploadIcon, XIcon } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { tableOfColumn, useFileStorage } from "../components/file-storage-context";
import { useRuntime } from "../components/runtime-context";
import { StoredFile } from "../components/stored-file";
import type { FormValue } from "../config/form-values";
import { fileNameOf } from "../config/format";

const IMAGE_ACCEPT = "image/png,image/jpeg,image/gif,image/webp,image/avif";

type Upload = { state: "idle" } | { state: "uploading"; fraction: number } | { state: "failed"; message: string };

export function FileInput({
  id,
  column,
  value,
  onChange,
  ...aria
}: {
  id: string;
  column: Column;
  value: FormValue;
  onChange: (value: FormValue) => void;
  "aria-invalid"?: boolean;
  "aria-describedby"?: string;
  "aria-required"?: boolean;
}) {
  const { blueprint } = useRuntime();
  const storage = useFileStorage();
  const table = tableOfColumn(blueprint, column)?.name ?? "";
  const [upload, setUpload] = useState<Upload>({ state: "idle" });
  const [preview, setPreview] = useState<{ path: string; url: string } | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const path = typeof value === "string" ? value : "";

  // The chosen file's preview lives in memory until it is replaced or the form closes.
  useEffect(
    () => () => {
      if (preview) URL.revokeObjectURL(preview.url);
    },
    [preview],
  );

  async function choose(file: File | undefined) {
    if (!file) return;
    setUpload({ state: "uploading", fraction: 0 });
    try {
      const stored = await storage.upload(table, column.name, file, (fraction) =>
        setUpload({ state: "uploading", fraction }),
      );
      if (column.type === "image") setPreview({ path: stored, url: URL.createObjectURL(file) });
      setUpload({ state: "idle" });
      onChange(stored);
    } catch (error) {
      setUpload({ state: "failed", message: (error as Error).message });
    } finally {
      if (input.current) input.current.value = "";
    }
  }

  const uploading = upload.state === "uploading";
  return (
    <div className="grid gap-2">
      {path && (
        <div className="flex items-center gap-3">
          {preview?.path === path ? (
            <img src={preview.url} alt={fileNameOf(path)} className="size-16 rounded object-cover" />
          ) : (
            <StoredFile column={column} path={path} className="size-16 rounded" />
          )}
          {column.type === "image" && <span className="truncate text-sm">{fileNameOf(path)}</span>}
          <Button type="button" variant="ghost" size="sm" onClick={() => onChange("")} disabled={uploading}>
            <XIcon aria-hidden="true" /> Remove
          </Button>
        </div>
      )}
      <div className="flex items-center gap-2">
        <input
          {...aria}
          ref={input}
          id={id}
          type="file"
          className="sr-only"
          // The button beside it is the visible way in; one tab stop is enough.
          tabIndex={-1}
          accept={column.type === "image" ? IMAGE_ACCEPT : undefined}
          disabled={uploading}
          onChange={(e) => void choose(e.target.files?.[0])}
        />
        <Button type="button" variant="outline" size="sm" disabled={uploading} onClick={() => input.current?.click()}>
          <UploadIcon aria-hidden="true" />
          {path ? "Replace…" : column.type === "image" ? "Upload an image…" : "Upload a file…"}
        </Button>
        {uploading && <progress aria-label="Upload progress" className="h-2 w-40" max={1} value={upload.fraction} />}
        {uploading && <span className="text-muted-foreground text-sm">{Math.round(upload.fraction * 100)}%</span>}
      </div>
      {upload.state === "failed" && (
        <p role="alert" className="text-destructive text-sm">
          {upload.message}
        </p>
      )}
    </div>
  );
}
