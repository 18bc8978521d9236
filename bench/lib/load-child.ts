// The child process of load(): reads a LoadSpec on stdin, prints its LoadResult as one JSON line.
import { readStdin } from "./child.js";
import { runLoad } from "./load.js";

if (process.argv[2] === "--load") console.log(JSON.stringify(await runLoad(JSON.parse(await readStdin()))));
