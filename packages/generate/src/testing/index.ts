export { answerCorpus, type CorpusCase, type Expected, type ModelStyle } from "./answer-corpus.js";
export { runScripted, type ScriptedRun } from "./run-scripted.js";
export {
  type ReceivedRequest,
  type ScriptedReply,
  type ScriptedServer,
  startScriptedServer,
} from "./scripted-server.js";
