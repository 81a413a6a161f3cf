-- Credentials with a lifecycle. A sign-in session records when its password was last entered
-- (export, a new API token and similar need a recent one). An API token gets an id to list and
-- revoke it by (its secret's hash stays the lookup key, never shown), an expiry, and the moment
-- its holder last proved the password. Tokens made before this get the default lifetime from
-- their creation and must prove the password again for those actions. A calendar feed shows
-- times and a neutral title only, unless the person chose to show their programme in it.

ALTER TABLE auth_sessions ADD COLUMN authenticated_at BIGINT NOT NULL DEFAULT 0;
UPDATE auth_sessions SET authenticated_at = created_at;

ALTER TABLE api_tokens ADD COLUMN id TEXT NOT NULL DEFAULT '';
ALTER TABLE api_tokens ADD COLUMN expires_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE api_tokens ADD COLUMN authenticated_at BIGINT NOT NULL DEFAULT 0;
UPDATE api_tokens SET id = REPLACE(gen_random_uuid()::text, '-', ''), expires_at = created_at + 7776000000;
CREATE UNIQUE INDEX api_tokens_id ON api_tokens (id);

ALTER TABLE calendar_feeds ADD COLUMN detail BIGINT NOT NULL DEFAULT 0 CONSTRAINT calendar_feeds_detail CHECK (detail IN (0, 1));
