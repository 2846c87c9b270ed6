-- Custom SQL migration file, put your code below! --
-- Tells every app instance (LISTEN tripsage_user_changed, lib/auth/user-cache.ts) that a user's
-- email, name, role or token version changed, or that the user was deleted, whoever wrote it.
CREATE OR REPLACE FUNCTION tripsage_notify_user_changed() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM pg_notify('tripsage_user_changed', OLD.id::text);
    RETURN OLD;
  END IF;
  IF NEW.token_version IS DISTINCT FROM OLD.token_version OR NEW.role IS DISTINCT FROM OLD.role
     OR NEW.name IS DISTINCT FROM OLD.name OR NEW.email IS DISTINCT FROM OLD.email THEN
    PERFORM pg_notify('tripsage_user_changed', NEW.id::text);
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER users_notify_changed AFTER UPDATE OR DELETE ON users
  FOR EACH ROW EXECUTE FUNCTION tripsage_notify_user_changed();
