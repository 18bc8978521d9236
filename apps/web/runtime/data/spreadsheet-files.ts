/**
 * Spreadsheet files in and out of the browser: CSV with papaparse, XLSX with exceljs
 * (loaded only when an XLSX file is read or written: it is large).
 */
import Papa from "papaparse";

export type SpreadsheetFormat = "csv" | "xlsx";

export const isXlsx = (file: File) =>
  file.name.toLowerCase().endsWith(".xlsx") ||
  file.type === "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** The file's first sheet as rows of cell text, the header row first; blank rows dropped. */
export async function readSpreadsheet(file: File): Promise<string[][]> {
  if (isXlsx(file)) {
    const { default: ExcelJS } = await import("exceljs");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await fileBytes(file));
    const sheet = workbook.worksheets[0];
    if (!sheet) return [];
    const rows: string[][] = [];
    sheet.eachRow((row) => {
      const cells: string[] = [];
      for (let i = 1; i <= sheet.columnCount; i++) cells.push(row.getCell(i).text ?? "");
      rows.push(cells);
    });
    return rows.filter((r) => r.some((c) => c.trim() !== ""));
  }
  const parsed = await new Promise<Papa.ParseResult<string[]>>((resolve, reject) =>
    Papa.parse<string[]>(file, { skipEmptyLines: "greedy", complete: resolve, error: reject }),
  );
  const fatal = parsed.errors.find((e) => e.type === "Quotes");
  if (fatal)
    throw new Error(
      `Line ${(fatal.row ?? 0) + 1} of the file has an unclosed quote; fix it and choose the file again.`,
    );
  return parsed.data;
}

/** The file's bytes through FileReader, which papaparse reads CSV with too. */
function fileBytes(file: Blob): Promise<ArrayBuffer> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as ArrayBuffer);
    reader.onerror = () => reject(reader.error ?? new Error("The file could not be read; choose it again."));
    reader.readAsArrayBuffer(file);
  });
}

export async function spreadsheetBlob(rows: string[][], format: SpreadsheetFormat, sheetName: string): Promise<Blob> {
  if (format === "csv") return new Blob([Papa.unparse(rows)], { type: "text/csv;charset=utf-8" });
  const { default: ExcelJS } = await import("exceljs");
  const workbook = new ExcelJS.Workbook();
  // Excel allows 31 characters and no []:*?/\ in a sheet's name.
  workbook.addWorksheet(sheetName.replace(/[[\]:*?/\\]/g, " ").slice(0, 31) || "Sheet1").addRows(rows);
  const buffer = await workbook.xlsx.writeBuffer();
  return new Blob([buffer], { type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" });
}

export function download(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
