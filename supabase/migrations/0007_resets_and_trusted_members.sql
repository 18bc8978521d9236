-- Password resets: a one-time secret, kept only as its hash, that sets a new password
-- for one account before it expires. Sent by email when SMTP is configured, or made by
-- an app's founder for one of its members (issued_by) when it is not.
create table control_plane.password_resets (
  token_hash text primary key,
  user_id uuid not null references control_plane.users (id) on delete cascade,
  issued_by uuid references control_plane.users (id) on delete set null,
  expires_at timestamptz not null,
  used_at timestamptz,
  created_at timestamptz not null default now()
);
create index password_resets_user_idx on control_plane.password_resets (user_id);

-- An address is verified once its owner opened a link mailed to it; an invitation
-- may then require the account that joins to hold exactly the invited address.
alter table control_plane.users add column email_verified_at timestamptz;
create table control_plane.email_verifications (
  token_hash text primary key,
  user_id uuid not null references control_plane.users (id) on delete cascade,
  email text not null,
  expires_at timestamptz not null,
  created_at timestamptz not null default now()
);
create index email_verifications_user_idx on control_plane.email_verifications (user_id);

-- Members you can trust: whether the invitation is for the invited address only, and
-- when each member last opened the app (set whenever the app gives them a token).
alter table control_plane.app_members
  add column require_email boolean not null default false,
  add column last_sign_in_at timestamptz;

alter table control_plane.app_events drop constraint app_events_event_check;
alter table control_plane.app_events add constraint app_events_event_check check (
  event in (
    'created', 'generated', 'version_added', 'provisioned', 'migrated', 'started', 'stopped',
    'member_added', 'member_changed', 'member_removed', 'member_joined', 'member_reset_link', 'deleted', 'failed'
  )
);
