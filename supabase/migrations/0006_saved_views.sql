-- Saved views of a runtime table block: what a member searched, filtered, sorted, hid and
-- which page they were on, under a name. A view is its owner's unless shared, then every
-- member of the app sees it (only its owner may delete it).
create table control_plane.saved_views (
  id uuid primary key default gen_random_uuid(),
  app_id uuid not null references control_plane.apps (id) on delete cascade,
  owner_user_id uuid not null references control_plane.users (id) on delete cascade,
  -- The block the view belongs to: its page id and position on the page.
  view_key text not null check (length(view_key) between 1 and 200),
  name text not null check (length(name) between 1 and 80),
  shared boolean not null default false,
  state jsonb not null,
  created_at timestamptz not null default now()
);
create index saved_views_app_key_idx on control_plane.saved_views (app_id, view_key, created_at);
