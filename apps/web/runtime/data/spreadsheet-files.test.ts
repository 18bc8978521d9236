import { describe, expect, it } from "vitest";
import { readSpreadsheet, spreadsheetBlob } from "./spreadsheet-files";

describe("spreadsheet files", () => {
  it("reads back an exported XLSX as the rows it was written from, blank rows dropped", async () => {
    const rows = [
      ["Name", "Industry", "Employees"],
      ["Acme, Inc.", "software", "12"],
      ["", "", ""],
      ["Globex", "retail", ""],
    ];
    const blob = await spreadsheetBlob(rows, "xlsx", "Companies: all [2030]");
    const file = new File([blob], "companies.xlsx", { type: blob.type });
    expect(await readSpreadsheet(file)).toEqual([rows[0], rows[1], rows[3]]);
  });

  it("reads a CSV's quoted cells and says which line has an unclosed quote", async () => {
    const csv = 'Name,Notes\n"Acme, Inc.","said ""hi"""\n\nGlobex,\n';
    expect(await readSpreadsheet(new File([csv], "c.csv", { type: "text/csv" }))).toEqual([
      ["Name", "Notes"],
      ["Acme, Inc.", 'said "hi"'],
      ["Globex", ""],
    ]);
    await expect(readSpreadsheet(new File(['Name\n"Acme\n'], "bad.csv")).then(() => "read")).rejects.toThrow(
      /unclosed quote/,
    );
  });
});
