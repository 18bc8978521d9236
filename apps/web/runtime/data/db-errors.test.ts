import { describe, expect, it } from "vitest";
import { describeDbError } from "./db-errors";

describe("a permission refusal in words", () => {
  const refused = {
    code: "42501",
    message: "permission denied for table grades",
    details: "Students cannot change Grades.",
    hint: "Only Principals and Teachers can change Grades.",
  };

  it("says what the runtime read from the blueprint when it has it", () => {
    expect(describeDbError(refused, ["score"], "Only Teachers can change Score.").message).toBe(
      "Only Teachers can change Score.",
    );
  });

  it("else the data API's own words, never its SQL", () => {
    expect(describeDbError(refused, ["score"]).message).toBe(
      "Students cannot change Grades. Only Principals and Teachers can change Grades.",
    );
    expect(describeDbError({ code: "42501", message: "permission denied for table grades" }, []).message).toBe(
      "Your role is not allowed to do this.",
    );
  });
});
