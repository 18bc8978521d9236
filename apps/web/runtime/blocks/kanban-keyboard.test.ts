import type { SensorContext } from "@dnd-kit/core";
import { describe, expect, it } from "vitest";
import { laneKeyboardCoordinates } from "./kanban-keyboard";

const rect = (left: number, top: number, width: number, height: number) => ({
  left,
  top,
  width,
  height,
  right: left + width,
  bottom: top + height,
});
// Three 288 px columns 12 px apart; a 260 px card picked up in the first.
const lanes = new Map([
  ["lead", rect(0, 100, 288, 600)],
  ["qualified", rect(300, 100, 288, 600)],
  ["won", rect(600, 100, 288, 600)],
]);
const press = (code: string, card = rect(14, 160, 260, 90)) =>
  laneKeyboardCoordinates(new KeyboardEvent("keydown", { code }), {
    active: "deal-1",
    currentCoordinates: { x: card.left, y: card.top },
    context: { collisionRect: card, droppableRects: lanes } as unknown as SensorContext,
  });

describe("moving a kanban card by keyboard", () => {
  it("moves a column right or left per arrow press, to the column's middle at the same height", () => {
    expect(press("ArrowRight")).toEqual({ x: 314, y: 160 });
    expect(press("ArrowLeft", rect(314, 160, 260, 90))).toEqual({ x: 14, y: 160 });
  });

  it("stays put past the last column and for up and down", () => {
    expect(press("ArrowLeft")).toBeUndefined();
    expect(press("ArrowRight", rect(614, 160, 260, 90))).toBeUndefined();
    expect(press("ArrowDown")).toBeUndefined();
  });
});
