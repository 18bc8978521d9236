/**
 * A local OpenAI-compatible endpoint (real HTTP on 127.0.0.1, random port) that
 * answers chat completions from a script, so the real `openai` client and the whole
 * loop can be exercised without a network. Used by tests and the benchmark.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type ScriptedReply =
  | {
      content: string;
      /** "stop" unless given: "length" is an answer cut off at the output limit. */
      finishReason?: "stop" | "length" | "content_filter";
      /** OpenAI's message.refusal: the model declined (content is then usually empty). */
      refusal?: string;
      usage?: { prompt_tokens: number; completion_tokens: number; cost?: number };
    }
  | { status: number; headers?: Record<string, string>; error?: string }
  /** Never answers: the client's timeout must fire. */
  | { hang: true };

export interface ReceivedRequest {
  at: number;
  headers: IncomingMessage["headers"];
  body: {
    model: string;
    messages: { role: string; content: string }[];
    response_format?: { type: string; json_schema?: { strict?: boolean; schema?: unknown } };
  };
}

export interface ScriptedServer {
  baseURL: string;
  received: ReceivedRequest[];
  /** Unanswered (hanging) requests the client gave up on by closing the connection. */
  readonly abandoned: number;
  close(): Promise<void>;
}

export async function startScriptedServer(script: ScriptedReply[]): Promise<ScriptedServer> {
  const queue = [...script];
  const received: ReceivedRequest[] = [];
  const hanging = new Set<ServerResponse>();
  let abandoned = 0;
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    received.push({
      at: Date.now(),
      headers: req.headers,
      body: JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}"),
    });
    const reply = queue.shift();
    if (!reply) return send(res, 500, { error: { message: "the script has no more replies" } });
    if ("hang" in reply) {
      hanging.add(res);
      res.on("close", () => {
        if (hanging.delete(res)) abandoned++;
      });
      return;
    }
    if ("status" in reply)
      return send(res, reply.status, { error: { message: reply.error ?? "scripted error" } }, reply.headers);
    const usage = reply.usage ?? { prompt_tokens: 1200, completion_tokens: 800, cost: 0.0012 };
    send(res, 200, {
      id: `chatcmpl-${received.length}`,
      object: "chat.completion",
      created: Math.floor(Date.now() / 1000),
      model: received.at(-1)?.body.model,
      choices: [
        {
          index: 0,
          finish_reason: reply.finishReason ?? "stop",
          message: { role: "assistant", content: reply.content, refusal: reply.refusal ?? null },
        },
      ],
      usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    received,
    get abandoned() {
      return abandoned;
    },
    close: () =>
      new Promise<void>((resolve) => {
        const open = [...hanging];
        hanging.clear();
        for (const res of open) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}
