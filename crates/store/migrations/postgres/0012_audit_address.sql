-- Where an audited access came from, and what an administrator sees of an account.
--
-- `audit_log.address` is the client's network address (as the server saw it) of the request that
-- read or changed a patient's data; NULL for entries written before it was recorded and for the
-- command line. The log stays append-only (the triggers of 0002 still refuse updates and deletes).
--
-- `users.last_sign_in_at` is when the account last started a sign-in session; the database keeps
-- it whenever a session is created, so every way of signing in (the sign-in form, sign-up, a
-- password reset) counts. NULL until the first sign-in after this migration.

ALTER TABLE audit_log ADD COLUMN address TEXT;
CREATE INDEX audit_log_by_time ON audit_log (at);
CREATE INDEX audit_log_by_actor ON audit_log (actor_id, at);

ALTER TABLE users ADD COLUMN last_sign_in_at BIGINT;

CREATE FUNCTION users_last_sign_in() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE users SET last_sign_in_at = NEW.created_at WHERE id = NEW.user_id;
    RETURN NULL;
END;
$$;

CREATE TRIGGER users_last_sign_in AFTER INSERT ON auth_sessions
    FOR EACH ROW EXECUTE FUNCTION users_last_sign_in();
