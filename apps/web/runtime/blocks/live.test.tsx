/**
 * Others' changes in the runtime: a live provider's event refreshes what is on screen
 * without a reload, and the chat names who wrote each message.
 */
import type { BaseRecord, LiveEvent, LiveProvider } from "@refinedev/core";
import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { createFakeDataProvider } from "../testing/fake-data-provider";
import { loadExample, renderRuntime, withPage } from "../testing/render-runtime";

/** A live provider whose events the test publishes, as @refinedev/supabase's would on a committed change. */
function fakeLive() {
  const subscribers: { channel: string; callback: (event: LiveEvent) => void }[] = [];
  const provider: LiveProvider = {
    subscribe: ({ channel, callback }) => {
      const subscriber = { channel, callback };
      subscribers.push(subscriber);
      return subscriber;
    },
    unsubscribe: (subscriber) => {
      subscribers.splice(subscribers.indexOf(subscriber), 1);
    },
  };
  return {
    provider,
    subscribers,
    publish(resource: string, type: LiveEvent["type"], payload: BaseRecord) {
      for (const s of subscribers.filter((s) => s.channel === `resources/${resource}`)) {
        s.callback({ channel: s.channel, type, payload, date: new Date() });
      }
    },
  };
}

describe("live updates in the runtime", () => {
  const crm = loadExample("crm");

  it("a deal another member created appears in the table when its change arrives", async () => {
    const live = fakeLive();
    const { tables } = renderRuntime(crm, { path: "/deals", liveProvider: live.provider });
    await screen.findByText("Title 1");
    await waitFor(() => expect(live.subscribers.some((s) => s.channel === "resources/deals")).toBe(true));
    const deals = tables.get("deals") ?? [];
    const added = { ...deals[0], id: "00000000-0000-4000-8000-00000000beef", title: "Signed by someone else" };
    deals.push(added);
    live.publish("deals", "created", added);
    expect(await screen.findByText("Signed by someone else")).toBeInTheDocument();
  });
});

describe("CHAT names its authors", () => {
  const helpdesk = loadExample("helpdesk");
  const chat = helpdesk.ui.pages.flatMap((p) => p.blocks).find((b) => b.type === "CHAT");

  it("shows each author's name and initials, You for the user's own messages, and new ones as they arrive", async () => {
    if (chat?.type !== "CHAT") throw new Error("the helpdesk example has no chat");
    const blueprint = withPage(helpdesk, "/probe/:id", chat);
    const ticket = "00000000-0000-4000-8000-000100000007";
    const fake = createFakeDataProvider(blueprint);
    const comments = fake.tables.get(chat.table) ?? [];
    for (const [i, comment] of comments.entries()) {
      Object.assign(comment, { ticket_id: ticket, created_by: ["user-2", "user-1", "left-the-app"][i] });
    }
    const live = fakeLive();
    renderRuntime(blueprint, {
      path: `/probe/${ticket}`,
      dataProvider: fake.provider,
      liveProvider: live.provider,
      loadMembers: async () => [
        { id: "user-1", name: "Owner Person", initials: "OP" },
        { id: "user-2", name: "Ada Lovelace", initials: "AL" },
      ],
    });
    const log = await screen.findByRole("log", { name: "Messages" });
    expect(await within(log).findByText(/Ada Lovelace ·/)).toBeInTheDocument();
    expect(within(log).getByText("AL")).toBeInTheDocument();
    expect(within(log).getByText(/You ·/)).toBeInTheDocument();
    expect(within(log).getByText(/Someone ·/)).toBeInTheDocument();
    expect(within(log).queryByText(/Them/)).not.toBeInTheDocument();

    const reply = {
      ...comments[0],
      id: "00000000-0000-4000-8000-00000000cafe",
      body: "On my way",
      created_by: "user-2",
    };
    comments.push(reply);
    live.publish(chat.table, "created", reply);
    expect(await within(log).findByText("On my way")).toBeInTheDocument();
  });
});
