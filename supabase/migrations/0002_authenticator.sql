-- The login role the data API connects as (see docs/design.md, security model). It holds no
-- privileges of its own; provisioning grants it each app role, and every request
-- switches to one with set_config('role', ..., true). Roles are cluster-wide, so it may
-- already exist from another database.
do $$
begin
  if not exists (select from pg_catalog.pg_roles where rolname = 'plinth_authenticator') then
    create role plinth_authenticator login noinherit nosuperuser nocreatedb nocreaterole noreplication nobypassrls;
  end if;
end
$$;
