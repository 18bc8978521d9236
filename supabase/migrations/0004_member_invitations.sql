-- Emails are not verified, so an email address cannot grant access: anyone could sign up
-- with an invitee's address first. A membership now belongs to the account that
-- accepted its invitation link (a one-time secret, kept only as a hash).
alter table control_plane.app_members
  add column user_id uuid references control_plane.users (id) on delete cascade,
  add column invite_token_hash text,
  add column invite_expires_at timestamptz;

create unique index app_members_user_idx on control_plane.app_members (app_id, user_id) where user_id is not null;
create unique index app_members_invite_idx on control_plane.app_members (invite_token_hash)
  where invite_token_hash is not null;

alter table control_plane.app_events drop constraint app_events_event_check;
alter table control_plane.app_events add constraint app_events_event_check check (
  event in (
    'created', 'generated', 'version_added', 'provisioned', 'migrated', 'started', 'stopped',
    'member_added', 'member_changed', 'member_removed', 'member_joined', 'deleted', 'failed'
  )
);
