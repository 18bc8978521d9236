"use client";
/**
 * A file or image a row holds, shown through a signed URL: images as pictures (a
 * thumbnail in tables, larger in galleries and details), other files as a link by name.
 * A file the user may not see, or that is gone, shows a placeholder instead.
 */
import type { Column } from "@plinth/blueprint";
import { FileIcon, ImageOffIcon } from "lucide-react";
import { fileNameOf } from "../config/format";
import { tableOfColumn, useSignedUrl } from "./file-storage-context";
import { useRuntime } from "./runtime-context";

export function StoredFile({ column, path, className }: { column: Column; path: string; className?: string }) {
  const { blueprint } = useRuntime();
  const table = tableOfColumn(blueprint, column)?.name;
  if (column.type === "image") {
    return <StoredImage table={table} path={path} alt={fileNameOf(path)} className={className ?? "size-10 rounded"} />;
  }
  return <StoredFileLink table={table} path={path} />;
}

export function StoredImage({
  table,
  path,
  alt,
  className,
}: {
  table: string | undefined;
  path: string;
  alt: string;
  className: string;
}) {
  const url = useSignedUrl(table, path);
  if (url.isError) {
    return (
      <span
        role="img"
        aria-label={`${alt || "Image"} is not available`}
        title="This image is not available to you, or no longer exists."
        className={`bg-muted text-muted-foreground inline-flex items-center justify-center ${className}`}
      >
        <ImageOffIcon aria-hidden="true" className="size-4" />
      </span>
    );
  }
  if (!url.data) return <span aria-busy="true" className={`bg-muted inline-block animate-pulse ${className}`} />;
  return <img src={url.data} alt={alt} loading="lazy" className={`object-cover ${className}`} />;
}

function StoredFileLink({ table, path }: { table: string | undefined; path: string }) {
  const url = useSignedUrl(table, path);
  const name = fileNameOf(path);
  const icon = <FileIcon aria-hidden="true" className="size-4 shrink-0" />;
  if (!url.data) {
    return (
      <span
        className="text-muted-foreground inline-flex items-center gap-1"
        title={url.isError ? "This file is not available to you, or no longer exists." : undefined}
      >
        {icon}
        {name}
      </span>
    );
  }
  return (
    <a
      href={url.data}
      target="_blank"
      rel="noreferrer"
      className="text-primary inline-flex items-center gap-1 break-all underline-offset-4 hover:underline"
    >
      {icon}
      {name}
    </a>
  );
}
