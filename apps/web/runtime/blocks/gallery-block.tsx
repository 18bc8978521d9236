"use client";
/** GALLERY: a grid of images from an image or image-url column; a lightbox steps through them with the arrow keys. */
import type { Block } from "@plinth/blueprint";
import { useList } from "@refinedev/core";
import { ChevronLeftIcon, ChevronRightIcon, ImageOffIcon } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogTitle } from "@/components/ui/dialog";
import { BlockEmpty, BlockError, BlockLoading } from "../components/block-states";
import { useRuntime } from "../components/runtime-context";
import { StoredImage } from "../components/stored-file";
import { findColumn, findTable } from "../config/model";

type GalleryBlock = Extract<Block, { type: "GALLERY" }>;
export const GALLERY_PAGE = 24;

export function GalleryBlockView({ block }: { block: GalleryBlock }) {
  const [limit, setLimit] = useState(GALLERY_PAGE);
  const [open, setOpen] = useState<number | null>(null);
  const { blueprint } = useRuntime();
  // Uploaded images are fetched through signed URLs; image addresses are links already.
  const uploadedFrom =
    findColumn(findTable(blueprint, block.table), block.imageColumn)?.type === "image" ? block.table : undefined;
  const { result, query } = useList({
    resource: block.table,
    pagination: { currentPage: 1, pageSize: limit },
    sorters: [{ field: "created_at", order: "desc" }],
    filters: [{ field: block.imageColumn, operator: "nnull", value: null }],
  });
  if (query.isLoading) return <BlockLoading rows={3} />;
  if (query.isError) return <BlockError error={query.error} onRetry={() => query.refetch()} />;
  const rows = result.data;
  if (rows.length === 0) return <BlockEmpty title="No images yet" />;
  const title = (i: number) => (block.titleColumn ? String(rows[i]?.[block.titleColumn] ?? "") : "");
  const caption = (i: number) => (block.captionColumn ? String(rows[i]?.[block.captionColumn] ?? "") : "");
  const current = open === null ? undefined : rows[open];
  return (
    <div className="grid gap-3">
      <ul className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-4">
        {rows.map((row, i) => (
          <li key={String(row.id)}>
            <button
              type="button"
              className="group grid w-full gap-1 text-left"
              onClick={() => setOpen(i)}
              aria-label={`Open ${title(i) || "image"}`}
            >
              <GalleryImage
                uploadedFrom={uploadedFrom}
                src={String(row[block.imageColumn])}
                alt={title(i)}
                className="aspect-square w-full rounded-md border object-cover group-hover:opacity-90"
              />
              {title(i) && <span className="truncate text-sm font-medium">{title(i)}</span>}
              {caption(i) && <span className="text-muted-foreground truncate text-xs">{caption(i)}</span>}
            </button>
          </li>
        ))}
      </ul>
      {(result.total ?? 0) > rows.length && (
        <Button
          size="sm"
          variant="outline"
          className="justify-self-start"
          onClick={() => setLimit((l) => l + GALLERY_PAGE)}
        >
          Show more
        </Button>
      )}
      <Dialog open={current !== undefined} onOpenChange={(o) => !o && setOpen(null)}>
        <DialogContent
          className="max-w-3xl"
          onKeyDown={(e) => {
            if (open === null) return;
            if (e.key === "ArrowRight") setOpen((open + 1) % rows.length);
            if (e.key === "ArrowLeft") setOpen((open - 1 + rows.length) % rows.length);
          }}
        >
          <DialogTitle>{open !== null ? title(open) || "Image" : ""}</DialogTitle>
          <DialogDescription className={open !== null && caption(open) ? undefined : "sr-only"}>
            {open !== null ? caption(open) || "Image preview" : ""}
          </DialogDescription>
          {current && (
            <GalleryImage
              uploadedFrom={uploadedFrom}
              src={String(current[block.imageColumn])}
              alt={title(open ?? 0)}
              className="max-h-[70vh] w-full rounded-md object-contain"
            />
          )}
          <div className="flex justify-between">
            <Button
              variant="outline"
              size="sm"
              onClick={() => open !== null && setOpen((open - 1 + rows.length) % rows.length)}
            >
              <ChevronLeftIcon aria-hidden="true" /> Previous
            </Button>
            <span className="text-muted-foreground text-sm">{open !== null ? `${open + 1} / ${rows.length}` : ""}</span>
            <Button variant="outline" size="sm" onClick={() => open !== null && setOpen((open + 1) % rows.length)}>
              Next <ChevronRightIcon aria-hidden="true" />
            </Button>
          </div>
        </DialogContent>
      </Dialog>
    </div>
  );
}

function GalleryImage({
  uploadedFrom,
  ...image
}: {
  uploadedFrom: string | undefined;
  src: string;
  alt: string;
  className: string;
}) {
  if (uploadedFrom)
    return <StoredImage table={uploadedFrom} path={image.src} alt={image.alt} className={image.className} />;
  return <Thumb {...image} />;
}

function Thumb({ src, alt, className }: { src: string; alt: string; className: string }) {
  const [broken, setBroken] = useState(false);
  if (broken) {
    return (
      <span
        className={`bg-muted text-muted-foreground flex items-center justify-center ${className}`}
        role="img"
        aria-label={alt || "Image could not be loaded"}
      >
        <ImageOffIcon aria-hidden="true" />
      </span>
    );
  }
  return <img src={src} alt={alt} loading="lazy" className={className} onError={() => setBroken(true)} />;
}
