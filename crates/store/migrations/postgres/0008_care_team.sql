-- The care team: which clinicians may see and treat which patient. A patient joins the care team
-- of the clinician who invited them, or of the clinician an administrator transfers them to; the
-- patient can end any clinician's access. Ended memberships are kept (with who ended them and when)
-- so a patient can see who had access; only rows with `ended_at IS NULL` grant access.

CREATE TABLE care_team (
    id TEXT PRIMARY KEY,
    patient_id TEXT NOT NULL REFERENCES patients (id) ON DELETE CASCADE,
    clinician_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    added_by TEXT REFERENCES users (id) ON DELETE SET NULL,
    added_at BIGINT NOT NULL,
    ended_by TEXT REFERENCES users (id) ON DELETE SET NULL,
    ended_at BIGINT
);
CREATE UNIQUE INDEX care_team_current ON care_team (patient_id, clinician_id) WHERE ended_at IS NULL;
CREATE INDEX care_team_by_clinician ON care_team (clinician_id, patient_id) WHERE ended_at IS NULL;
