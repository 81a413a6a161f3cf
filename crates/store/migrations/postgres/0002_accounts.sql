-- Accounts for the web application: users with roles, server-side sign-in sessions, invitation and
-- password-reset links, API tokens, calendar feeds, login throttling, an append-only audit log of
-- clinician and admin access, and instance settings. Secrets are stored as SHA-256 hashes, except
-- the calendar feed token, which the person must be able to see again (it only unlocks session
-- times, and can be revoked).

CREATE TABLE users (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL,
    patient_id TEXT REFERENCES patients (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    password_changed_at BIGINT NOT NULL,
    disabled BIGINT NOT NULL,
    CONSTRAINT users_role CHECK (role IN ('patient', 'clinician', 'admin')),
    CONSTRAINT users_disabled CHECK (disabled IN (0, 1)),
    CONSTRAINT users_email_length CHECK (LENGTH(email) BETWEEN 3 AND 254)
);
CREATE UNIQUE INDEX users_email ON users (email);

CREATE TABLE auth_sessions (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX auth_sessions_by_user ON auth_sessions (user_id);

CREATE TABLE invitations (
    token_hash TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    role TEXT NOT NULL,
    email TEXT,
    user_id TEXT REFERENCES users (id) ON DELETE CASCADE,
    created_by TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT,
    CONSTRAINT invitations_kind CHECK (kind IN ('invite', 'reset')),
    CONSTRAINT invitations_role CHECK (role IN ('patient', 'clinician', 'admin'))
);

CREATE TABLE api_tokens (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    last_used_at BIGINT,
    revoked_at BIGINT,
    CONSTRAINT api_tokens_name_length CHECK (LENGTH(name) BETWEEN 1 AND 100)
);
CREATE INDEX api_tokens_by_user ON api_tokens (user_id);

CREATE TABLE calendar_feeds (
    patient_id TEXT PRIMARY KEY REFERENCES patients (id) ON DELETE CASCADE,
    token TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX calendar_feeds_token ON calendar_feeds (token);

CREATE TABLE login_failures (
    key TEXT NOT NULL,
    at BIGINT NOT NULL
);
CREATE INDEX login_failures_by_key ON login_failures (key, at);

CREATE TABLE audit_log (
    id TEXT PRIMARY KEY,
    at BIGINT NOT NULL,
    actor_id TEXT,
    actor_role TEXT NOT NULL,
    action TEXT NOT NULL,
    patient_id TEXT,
    detail TEXT NOT NULL
);
CREATE INDEX audit_log_by_patient ON audit_log (patient_id, at);

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only';
END;
$$;

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();

CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
