// Starts Plinth for a newcomer. Servers are added here as they land; until then this
// prints what exists so `npm run up` never fails silently.
console.log("Plinth: the API and web servers are not built yet.");
console.log("Try the blueprint contract: see packages/blueprint and schemas/examples/.");
