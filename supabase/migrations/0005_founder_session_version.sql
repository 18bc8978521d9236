-- Founder sessions carry the version current when they were issued; signing out moves it
-- on, so a session token copied before sign-out is refused afterwards.
alter table control_plane.users add column session_version integer not null default 0;
