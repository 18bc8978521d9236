/**
 * File and image columns in the runtime: thumbnails and links through signed URLs in
 * TABLE, GALLERY and DETAIL, a placeholder where the user may not see the file, and
 * the form field that uploads with progress and saves the stored path.
 */
import type { Block, BlueprintV2, Column } from "@plinth/blueprint";
import { screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { loadExample, renderRuntime, withPage } from "../testing/render-runtime";

const fileColumn = (name: string, type: "file" | "image", label: string): Column => ({
  name,
  type,
  label,
  required: false,
  unique: false,
  indexed: false,
});

/** The CRM with a photo and a contract on deals, and a page at /probe holding `block`. */
function crmWithFiles(block?: Parameters<typeof withPage>[2]): BlueprintV2 {
  const blueprint = structuredClone(loadExample("crm"));
  const deals = blueprint.data.tables.find((t) => t.name === "deals");
  deals?.columns.push(fileColumn("photo", "image", "Photo"), fileColumn("contract", "file", "Contract"));
  const detail = blueprint.ui.pages.flatMap((p) => p.blocks).find((b) => b.id === "deal_record");
  if (detail?.type === "DETAIL") detail.fields.push("photo", "contract");
  return block ? withPage(blueprint, "/probe", block) : blueprint;
}

const signed = (path: string) => `https://files.test/deals/${path}?token=signed`;
const firstDeal = "00000000-0000-4000-8000-000100000005";

describe("file and image columns", () => {
  it("TABLE shows images as thumbnails and files as links, through signed URLs", async () => {
    renderRuntime(
      crmWithFiles({ id: "deal_files", type: "TABLE", table: "deals", columns: ["title", "photo", "contract"] }),
      { path: "/probe" },
    );
    expect(await screen.findByRole("img", { name: "picture-1.png" })).toHaveAttribute(
      "src",
      signed("photo/sample-1/picture-1.png"),
    );
    expect(await screen.findByRole("link", { name: "document-1.pdf" })).toHaveAttribute(
      "href",
      signed("contract/sample-1/document-1.pdf"),
    );
  });

  it("GALLERY shows uploaded images through signed URLs, and a placeholder for one the user may not see", async () => {
    const { files } = renderRuntime(
      crmWithFiles({ id: "deal_photos", type: "GALLERY", table: "deals", imageColumn: "photo", titleColumn: "title" }),
      { path: "/probe" },
    );
    files.hidden.add("photo/sample-2/picture-2.png");
    expect(await screen.findByRole("img", { name: "Title 1" })).toHaveAttribute(
      "src",
      signed("photo/sample-1/picture-1.png"),
    );
    expect(await screen.findByRole("img", { name: "Title 2 is not available" })).not.toHaveAttribute("src");
  });

  it("DETAIL shows the record's image and file", async () => {
    renderRuntime(crmWithFiles(), { path: `/deals/${firstDeal}` });
    expect(await screen.findByRole("img", { name: "picture-1.png" })).toHaveAttribute(
      "src",
      signed("photo/sample-1/picture-1.png"),
    );
    expect(await screen.findByRole("link", { name: "document-1.pdf" })).toBeInTheDocument();
  });

  describe("in a form", () => {
    const form: Block = {
      id: "deal_upload",
      type: "FORM",
      table: "deals",
      mode: "create",
      fields: ["title", "photo", "contract"],
    };
    beforeEach(() => {
      // jsdom has no object URLs; the preview of a chosen image uses one.
      vi.stubGlobal("URL", Object.assign(URL, { createObjectURL: () => "blob:preview", revokeObjectURL: () => {} }));
    });
    afterEach(() => vi.unstubAllGlobals());

    it("uploads the chosen image for its table and column, previews it, and saves its stored path", async () => {
      const { user, files, calls } = renderRuntime(crmWithFiles(form), { path: "/probe" });
      await user.type(await screen.findByLabelText(/Title/), "Roof repair");
      const image = new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], "roof.png", { type: "image/png" });
      await user.upload(screen.getByLabelText("Photo"), image);
      expect(files.uploads).toEqual([
        { table: "deals", column: "photo", name: "roof.png", path: "photo/uploaded-1/roof.png" },
      ]);
      expect(await screen.findByRole("img", { name: "roof.png" })).toHaveAttribute("src", "blob:preview");
      await user.click(screen.getByRole("button", { name: "Create" }));
      await waitFor(() =>
        expect(calls.find((c) => c.method === "create")?.params.variables).toEqual({
          title: "Roof repair",
          photo: "photo/uploaded-1/roof.png",
        }),
      );
    });

    it("shows the upload's progress while it runs", async () => {
      const { user, files } = renderRuntime(crmWithFiles(form), { path: "/probe" });
      let finish: (path: string) => void = () => {};
      files.upload = (_table, _column, _file, onProgress) => {
        onProgress(0.42);
        return new Promise((resolve) => {
          finish = resolve;
        });
      };
      await user.upload(
        await screen.findByLabelText("Contract"),
        new File(["%PDF"], "terms.pdf", { type: "application/pdf" }),
      );
      expect(await screen.findByRole("progressbar", { name: "Upload progress" })).toHaveAttribute("value", "0.42");
      expect(screen.getByText("42%")).toBeInTheDocument();
      finish("contract/uploaded-1/terms.pdf");
      await waitFor(() => expect(screen.queryByRole("progressbar")).not.toBeInTheDocument());
      expect(await screen.findByRole("link", { name: "terms.pdf" })).toHaveAttribute(
        "href",
        signed("contract/uploaded-1/terms.pdf"),
      );
    });

    it("shows why the server refused an upload, and keeps the field empty", async () => {
      const { user, files, calls } = renderRuntime(crmWithFiles(form), { path: "/probe" });
      files.upload = async () => {
        throw new Error("The file is 12 MB, over the 10 MB this server accepts. Upload a smaller file.");
      };
      await user.type(await screen.findByLabelText(/Title/), "Roof repair");
      await user.upload(screen.getByLabelText("Photo"), new File(["x"], "huge.png", { type: "image/png" }));
      expect(await screen.findByRole("alert")).toHaveTextContent("over the 10 MB this server accepts");
      await user.click(screen.getByRole("button", { name: "Create" }));
      await waitFor(() =>
        expect(calls.find((c) => c.method === "create")?.params.variables).toEqual({ title: "Roof repair" }),
      );
      expect(within(document.body).queryByRole("img", { name: "huge.png" })).toBeNull();
    });
  });
});
