/**
 * Arrow keys move a picked-up kanban card one column left or right. dnd-kit's default
 * moves it 25 px a press, a dozen presses to cross one column, and up and down within
 * a column mean nothing here (a column is not ordered by hand).
 */
import type { KeyboardCoordinateGetter } from "@dnd-kit/core";

export const laneKeyboardCoordinates: KeyboardCoordinateGetter = (event, { context }) => {
  if (event.code !== "ArrowRight" && event.code !== "ArrowLeft") return undefined;
  const card = context.collisionRect;
  if (!card) return undefined;
  const lanes = [...context.droppableRects.values()].sort((a, b) => a.left - b.left);
  const center = card.left + card.width / 2;
  const current = lanes.findIndex((lane) => center >= lane.left && center <= lane.left + lane.width);
  const next = lanes[current + (event.code === "ArrowRight" ? 1 : -1)];
  if (current < 0 || !next) return undefined;
  event.preventDefault();
  return { x: next.left + (next.width - card.width) / 2, y: card.top };
};
