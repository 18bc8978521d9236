/**
 * The access model through the real supabase-js, as the runtime sends it: a student
 * reads their own grade and cannot change it, a teacher grades their own classes (two
 * levels below the class) but cannot change who graded, an admin assigns a ticket and
 * only the assigned agent sees and works it. Every refusal is the database's (403,
 * 42501, its message kept) and says in words who may do it instead.
 */
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { type AppUser, addMember, type ExampleApp, supabaseFor } from "../testing/example-apps.js";
import { exampleAppForFile, testPlinthForFile } from "../testing/per-file.js";

const t = testPlinthForFile();

/** Inserts as the superuser (no row-level security); returns the row's id. */
async function insert(app: ExampleApp, table: string, row: Record<string, unknown>): Promise<string> {
  const id = randomUUID();
  const values = { id, ...row };
  const columns = Object.keys(values);
  await t.plinth.database.pool.query(
    `insert into "${app.schema}"."${table}" (${columns.map((c) => `"${c}"`).join(", ")}) values (${columns.map((_, i) => `$${i + 1}`).join(", ")})`,
    Object.values(values),
  );
  return id;
}

async function stored(app: ExampleApp, table: string, id: string): Promise<Record<string, unknown> | undefined> {
  return (await t.plinth.database.pool.query(`select * from "${app.schema}"."${table}" where id = $1`, [id])).rows[0];
}

const db = (app: ExampleApp, user: AppUser) => supabaseFor(t, app.schema, user.token);

/** Refused by the database itself (403, 42501), with the words that say who may instead. */
function expectRefused(answer: { status: number; error: unknown }, words: Record<string, string>): void {
  expect(answer.status).toBe(403);
  expect(answer.error).toMatchObject({ code: "42501", ...words });
}

describe("school: students read their own grades; teachers grade their own classes", () => {
  const school = exampleAppForFile(t, "school");
  let teacher: AppUser;
  let otherTeacher: AppUser;
  let student: AppUser;
  let grade: string;

  beforeAll(async () => {
    [teacher, otherTeacher, student] = [
      await addMember(t, school, "teacher"),
      await addMember(t, school, "teacher"),
      await addMember(t, school, "student"),
    ];
    const klass = await insert(school, "classes", {
      name: "Maths 7",
      subject: "maths",
      grade_level: 7,
      teacher_id: teacher.id,
    });
    const assignment = await insert(school, "assignments", {
      class_id: klass,
      title: "Fractions",
      due_on: "2026-12-01",
      teacher_id: teacher.id,
    });
    const record = await insert(school, "students", { full_name: "Sam", grade_level: 7, user_id: student.id });
    grade = await insert(school, "grades", {
      assignment_id: assignment,
      student_id: record,
      student_user_id: student.id,
      score: 62,
      teacher_id: teacher.id,
    });
  }, 120_000);

  it("a student opens their grade but a PATCH of the score is refused by the database, in words", async () => {
    const { data } = await db(school, student).from("grades").select("id, score");
    expect(data).toEqual([{ id: grade, score: 62 }]);
    expectRefused(await db(school, student).from("grades").update({ score: 100 }).eq("id", grade), {
      message: "permission denied for table grades",
      details: "Students cannot change Grades.",
      hint: "Only Principals and Teachers can change Grades.",
    });
    expect((await stored(school, "grades", grade))?.score).toBe(62);
  });

  it("the class's teacher changes the score; another teacher does not even see the grade", async () => {
    const mine = await db(school, teacher).from("grades").update({ score: 71 }).eq("id", grade).select("score");
    expect(mine.data).toEqual([{ score: 71 }]);
    const theirs = await db(school, otherTeacher).from("grades").update({ score: 99 }).eq("id", grade).select("id");
    expect(theirs).toMatchObject({ status: 200, data: [] });
    expect((await stored(school, "grades", grade))?.score).toBe(71);
  });

  it("a teacher may not change who graded: the column grant refuses it and the answer says who may", async () => {
    expectRefused(await db(school, teacher).from("grades").update({ teacher_id: otherTeacher.id }).eq("id", grade), {
      message: "permission denied for table grades",
      details: "Teachers cannot change Teacher.",
      hint: "Only Principals can change Teacher. Leave it out of the request.",
    });
    expect((await stored(school, "grades", grade))?.teacher_id).toBe(teacher.id);
  });
});

describe("helpdesk: agents see and work the tickets assigned to them", () => {
  const helpdesk = exampleAppForFile(t, "helpdesk");
  let agent: AppUser;
  let otherAgent: AppUser;
  let ticket: string;

  beforeAll(async () => {
    [agent, otherAgent] = [await addMember(t, helpdesk, "agent"), await addMember(t, helpdesk, "agent")];
    const requester = await addMember(t, helpdesk, "requester");
    ticket = await insert(helpdesk, "tickets", { subject: "Printer on fire", requester_id: requester.id });
  }, 120_000);

  it("an admin assigns the ticket; only the assigned agent sees it, edits it and talks on it", async () => {
    expect((await db(helpdesk, agent).from("tickets").select("id")).data).toEqual([]);
    const assigned = await db(helpdesk, helpdesk.owner)
      .from("tickets")
      .update({ assignee_id: agent.id })
      .eq("id", ticket)
      .select("assignee_id");
    expect(assigned.data).toEqual([{ assignee_id: agent.id }]);

    expect((await db(helpdesk, agent).from("tickets").select("id")).data).toEqual([{ id: ticket }]);
    expect((await db(helpdesk, otherAgent).from("tickets").select("id")).data).toEqual([]);
    const edited = await db(helpdesk, agent)
      .from("tickets")
      .update({ status: "open" })
      .eq("id", ticket)
      .select("status");
    expect(edited.data).toEqual([{ status: "open" }]);

    const comment = { ticket_id: ticket, body: "On my way with an extinguisher" };
    expect((await db(helpdesk, agent).from("ticket_comments").insert(comment)).status).toBe(201);
    expectRefused(await db(helpdesk, otherAgent).from("ticket_comments").insert(comment), {
      details: "Agents can add only Ticket conversation whose Ticket they can see.",
    });
  });

  it("an agent cannot hand the ticket to someone else: only admins change the assignee", async () => {
    expectRefused(await db(helpdesk, agent).from("tickets").update({ assignee_id: otherAgent.id }).eq("id", ticket), {
      details: "Agents cannot change Assignee.",
      hint: "Only Admins can change Assignee. Leave it out of the request.",
    });
  });
});
