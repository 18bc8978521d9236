/** Placement for benchmarks and tools outside the API: moving apps and registering servers. */
export { AppMover, type MoveReport } from "./mover.js";
export { registerServer } from "./operator.js";
export { placementOf } from "./store.js";
