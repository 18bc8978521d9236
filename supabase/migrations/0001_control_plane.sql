-- Control plane: founders, their apps, blueprint versions, generation jobs, runtime
-- routing, members, and the append-only event log of everything that changes an app.
create schema if not exists control_plane;

create table control_plane.users (
  id uuid primary key default gen_random_uuid(),
  email text not null unique check (email = lower(email) and position('@' in email) > 1),
  password_hash text not null,
  display_name text,
  created_at timestamptz not null default now()
);

create table control_plane.apps (
  id uuid primary key default gen_random_uuid(),
  owner_user_id uuid not null references control_plane.users (id),
  name text not null,
  slug text not null unique,
  status text not null default 'DRAFT' check (status in ('DRAFT', 'RUNNING', 'STOPPED', 'ERROR', 'DELETING')),
  status_reason text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index apps_owner_idx on control_plane.apps (owner_user_id, created_at desc);

create table control_plane.app_blueprints (
  id uuid primary key default gen_random_uuid(),
  app_id uuid not null references control_plane.apps (id) on delete cascade,
  version int not null check (version >= 1),
  blueprint_json jsonb not null,
  blueprint_hash text not null,
  validation_status text not null check (validation_status in ('VALID', 'INVALID')),
  validation_errors jsonb,
  source text not null check (source in ('generate', 'refine', 'restore')),
  note text,
  created_by uuid references control_plane.users (id) on delete set null,
  created_at timestamptz not null default now(),
  unique (app_id, version)
);

create table control_plane.generation_jobs (
  id uuid primary key default gen_random_uuid(),
  app_id uuid not null references control_plane.apps (id) on delete cascade,
  kind text not null check (kind in ('generate', 'refine')),
  status text not null default 'QUEUED' check (status in ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED')),
  model text not null,
  prompt text not null,
  stages jsonb not null default '[]',
  llm_request jsonb,
  llm_response jsonb,
  usage jsonb,
  problems jsonb,
  error_message text,
  created_by uuid references control_plane.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  started_at timestamptz,
  finished_at timestamptz
);
create index generation_jobs_app_idx on control_plane.generation_jobs (app_id, created_at desc);
create index generation_jobs_unfinished_idx on control_plane.generation_jobs (status) where status in ('QUEUED', 'RUNNING');

create table control_plane.app_runtime_config (
  app_id uuid primary key references control_plane.apps (id) on delete cascade,
  db_schema text not null unique,
  public_base_path text not null,
  enabled boolean not null default false,
  blueprint_version int,
  manifest jsonb
);

-- Members are keyed by email so an owner can invite someone who has no account yet;
-- the membership applies once they sign up with that address.
create table control_plane.app_members (
  app_id uuid not null references control_plane.apps (id) on delete cascade,
  email text not null check (email = lower(email)),
  role text not null,
  team_ids uuid[] not null default '{}',
  invited_by uuid references control_plane.users (id) on delete set null,
  created_at timestamptz not null default now(),
  primary key (app_id, email)
);

-- Append-only: kept after an app is deleted, so no foreign key to apps.
create table control_plane.app_events (
  id bigint generated always as identity primary key,
  app_id uuid not null,
  event text not null check (
    event in (
      'created', 'generated', 'version_added', 'provisioned', 'migrated', 'started', 'stopped',
      'member_added', 'member_changed', 'member_removed', 'deleted', 'failed'
    )
  ),
  actor_user_id uuid,
  detail jsonb not null default '{}',
  created_at timestamptz not null default now()
);
create index app_events_app_idx on control_plane.app_events (app_id, id);
