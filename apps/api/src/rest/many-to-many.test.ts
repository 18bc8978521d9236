/**
 * Many-to-many over /rest/v1 through a junction the blueprint declares (school's enrollments,
 * one row per student and class): both directions, the junction named as hint, and every
 * role sees only the links its row security lets it read.
 */
import type { BlueprintV2 } from "@plinth/blueprint";
import { beforeAll, describe, expect, it } from "vitest";
import { type AppUser, addMember } from "../testing/example-apps.js";
import { exampleAppForFile, testPlinthForFile } from "../testing/per-file.js";

function withJunction(blueprint: BlueprintV2): BlueprintV2 {
  const next = structuredClone(blueprint);
  const enrollments = next.data.tables.find((t) => t.name === "enrollments");
  if (!enrollments) throw new Error("school has enrollments");
  enrollments.junction = { columns: ["student_id", "class_id"] };
  return next;
}

let teacher: AppUser;
const t = testPlinthForFile();
const app = exampleAppForFile(t, "school", withJunction);
beforeAll(async () => {
  teacher = await addMember(t, app, "teacher");
  // Algebra is the teacher's class, Art the principal's; Ada takes both, Bob only Art.
  const insert = async (table: string, row: Record<string, unknown>) => {
    const names = Object.keys(row);
    const { rows } = await t.plinth.database.pool.query<{ id: string }>(
      `insert into "${app.schema}"."${table}" (${names.map((n) => `"${n}"`).join(", ")})
       values (${names.map((_, i) => `$${i + 1}`).join(", ")}) returning id`,
      Object.values(row),
    );
    return rows[0]?.id as string;
  };
  const algebra = await insert("classes", {
    name: "Algebra",
    subject: "maths",
    grade_level: 9,
    teacher_id: teacher.id,
  });
  const art = await insert("classes", { name: "Art", subject: "art", grade_level: 9, teacher_id: app.owner.id });
  const ada = await insert("students", { full_name: "Ada", grade_level: 9 });
  const bob = await insert("students", { full_name: "Bob", grade_level: 9 });
  for (const [student_id, class_id] of [
    [ada, algebra],
    [ada, art],
    [bob, art],
  ])
    await insert("enrollments", { student_id, class_id });
}, 120_000);

async function get(user: AppUser, path: string) {
  const response = await fetch(`${t.url}/rest/v1/${path}`, {
    headers: { authorization: `Bearer ${user.token}`, "accept-profile": app.schema },
  });
  return { status: response.status, body: (await response.json()) as unknown };
}

describe("many-to-many through a declared junction over /rest/v1", () => {
  it("the owner reads each student's classes and each class's students", async () => {
    expect(await get(app.owner, "students?select=full_name,classes(name)&order=full_name&classes.order=name")).toEqual({
      status: 200,
      body: [
        { full_name: "Ada", classes: [{ name: "Algebra" }, { name: "Art" }] },
        { full_name: "Bob", classes: [{ name: "Art" }] },
      ],
    });
    expect(
      await get(app.owner, "classes?select=name,students!enrollments(full_name)&order=name&students.order=full_name"),
    ).toEqual({
      status: 200,
      body: [
        { name: "Algebra", students: [{ full_name: "Ada" }] },
        { name: "Art", students: [{ full_name: "Ada" }, { full_name: "Bob" }] },
      ],
    });
  });

  it("a teacher sees only the enrolments and classes of their own classes", async () => {
    expect(await get(teacher, "students?select=full_name,classes(name)&order=full_name")).toEqual({
      status: 200,
      body: [
        { full_name: "Ada", classes: [{ name: "Algebra" }] },
        { full_name: "Bob", classes: [] },
      ],
    });
    expect(await get(teacher, "classes?select=name,students(full_name)&students.order=full_name")).toEqual({
      status: 200,
      body: [{ name: "Algebra", students: [{ full_name: "Ada" }] }],
    });
  });
});
