-- Clinical actions: what a clinician on the care team decided about a patient (the cause, clearance
-- to exercise, an acknowledgement, the programme and its changes, the phase, a decision on a
-- proposal, a note for the person), who decided it, when, and why. Append-only: a later action
-- supersedes an earlier one, and the rows go only with the patient (erasure). `entry` is the
-- core's entry as JSON; `program_id` names the programme version the action made, if any.
-- `actor_id` is kept without a reference so an action outlives the clinician's account.

CREATE TABLE clinical_actions (
    id TEXT PRIMARY KEY,
    patient_id TEXT NOT NULL REFERENCES patients (id) ON DELETE CASCADE,
    at BIGINT NOT NULL,
    actor_id TEXT,
    kind TEXT NOT NULL,
    entry TEXT NOT NULL,
    reason TEXT NOT NULL,
    program_id TEXT,
    CONSTRAINT clinical_actions_kind CHECK (kind IN ('cause', 'clearance', 'acknowledge', 'start_program', 'edit_program', 'phase', 'decide', 'note')),
    CONSTRAINT clinical_actions_reason CHECK (LENGTH(reason) <= 2000)
);
CREATE INDEX clinical_actions_by_patient ON clinical_actions (patient_id, at);

CREATE FUNCTION clinical_actions_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'clinical actions are append-only';
END;
$$;

CREATE TRIGGER clinical_actions_no_update BEFORE UPDATE ON clinical_actions
    FOR EACH ROW EXECUTE FUNCTION clinical_actions_append_only();

-- A clinician's changes to the protocol's exercises, kept with each programme version (JSON; empty
-- when the programme follows its protocol).
ALTER TABLE programs ADD COLUMN edits TEXT NOT NULL DEFAULT '';
