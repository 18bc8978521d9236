-- Scale-out: the Postgres servers that hold apps, and which one holds each app (its
-- placement). The control plane's own database is the server "default": its connections
-- are the API's own (DATABASE_URL, or the embedded database), so an install with one
-- server keeps working unchanged and existing apps are placed on it.
create table control_plane.database_servers (
  name text primary key check (name ~ '^[a-z][a-z0-9-]{0,39}$'),
  -- A privileged connection (may create schemas and roles) for provisioning, migrations
  -- and moves; null only for "default", which uses the control plane's own connection.
  ddl_url text check ((name = 'default') = (ddl_url is null)),
  -- The data API's connection as plinth_authenticator; null means ddl_url as that role.
  rest_url text,
  -- A data API that serves this server's apps instead of Plinth's own /rest/v1 (a hosted
  -- Supabase project's URL); the runtime is pointed there for apps placed on it.
  data_api_url text,
  -- How many apps the server should hold; new apps go to the open server with the most room.
  capacity int not null default 1000 check (capacity > 0),
  -- open: takes new apps; draining: keeps its apps, takes no new ones (they are moved
  -- off); closed: holds no apps and takes none.
  state text not null default 'open' check (state in ('open', 'draining', 'closed')),
  created_at timestamptz not null default now()
);
insert into control_plane.database_servers (name) values ('default');

create table control_plane.app_placements (
  app_id uuid primary key references control_plane.apps (id) on delete cascade,
  server text not null references control_plane.database_servers (name),
  -- Set while a move copies the app to another server, so a move that died part-way is
  -- known and its half-made copy can be removed; the app stays on `server` until then.
  moving_to text references control_plane.database_servers (name),
  placed_at timestamptz not null default now(),
  check (moving_to is distinct from server)
);
create index app_placements_server_idx on control_plane.app_placements (server);

-- Every app provisioned so far lives in the control plane's database.
insert into control_plane.app_placements (app_id, server)
select app_id, 'default' from control_plane.app_runtime_config;

alter table control_plane.app_events drop constraint app_events_event_check;
alter table control_plane.app_events add constraint app_events_event_check check (
  event in (
    'created', 'generated', 'version_added', 'provisioned', 'migrated', 'started', 'stopped',
    'member_added', 'member_changed', 'member_removed', 'member_joined', 'member_reset_link', 'deleted', 'failed', 'moved'
  )
);
