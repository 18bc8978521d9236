/** Previewed refinements, kept so that applying one migrates to exactly what was shown. */
import type { BlueprintV2 } from "@plinth/blueprint";
import type { Pool } from "pg";

export interface ProposalRow {
  id: string;
  app_id: string;
  from_version: number;
  instruction: string;
  model: string;
  blueprint: BlueprintV2;
  assumptions: string[];
}

export async function insertProposal(
  pool: Pool,
  proposal: Omit<ProposalRow, "id"> & { llmCalls: unknown; createdBy: string },
): Promise<string> {
  const { rows } = await pool.query<{ id: string }>(
    `insert into control_plane.blueprint_proposals
       (app_id, from_version, instruction, model, blueprint, assumptions, llm_calls, created_by)
     values ($1, $2, $3, $4, $5, $6, $7, $8) returning id`,
    [
      proposal.app_id,
      proposal.from_version,
      proposal.instruction,
      proposal.model,
      JSON.stringify(proposal.blueprint),
      JSON.stringify(proposal.assumptions),
      JSON.stringify(proposal.llmCalls),
      proposal.createdBy,
    ],
  );
  return (rows[0] as { id: string }).id;
}

export async function findProposal(pool: Pool, appId: string, id: string): Promise<ProposalRow | undefined> {
  const { rows } = await pool.query<ProposalRow>(
    `select id, app_id, from_version, instruction, model, blueprint, assumptions
     from control_plane.blueprint_proposals where app_id = $1 and id = $2`,
    [appId, id],
  );
  return rows[0];
}
