export { type Config, loadConfig } from "./config.js";
export { type RunningPlinth, startPlinth } from "./plinth.js";
