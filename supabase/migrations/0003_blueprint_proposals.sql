-- A refinement a founder has previewed: the exact blueprint the preview showed, so
-- applying it migrates to what was reviewed instead of asking the model again.
create table control_plane.blueprint_proposals (
  id uuid primary key default gen_random_uuid(),
  app_id uuid not null references control_plane.apps (id) on delete cascade,
  from_version int not null,
  instruction text not null,
  model text not null,
  blueprint jsonb not null,
  assumptions jsonb not null default '[]',
  llm_calls jsonb,
  created_by uuid references control_plane.users (id) on delete set null,
  created_at timestamptz not null default now()
);

alter table control_plane.generation_jobs
  add column proposal_id uuid references control_plane.blueprint_proposals (id) on delete set null,
  add column confirm_destructive boolean not null default false;
