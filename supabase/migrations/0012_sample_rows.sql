-- Rows an app's owner added as sample data ("fill with sample data"), so they can be removed
-- in one action later without touching anything the app's users added. The rows themselves
-- live in the app's schema; this only remembers which ones they are.
create table control_plane.sample_rows (
  app_id uuid not null references control_plane.apps (id) on delete cascade,
  table_name text not null check (length(table_name) between 1 and 63),
  row_id uuid not null,
  -- Insertion order: removal goes in reverse, children before their parents.
  position int not null,
  primary key (app_id, table_name, row_id)
);
create index sample_rows_app_idx on control_plane.sample_rows (app_id, position);
