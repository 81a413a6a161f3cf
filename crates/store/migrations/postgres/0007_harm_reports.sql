-- Harm a person reported after a session ("something went wrong"): what happened, how bad, in
-- their own words, and the harm rule it matched (its urgency and action at the time). The key
-- holds the patient, and the session must be that patient's own; both are erased with the
-- patient.
CREATE UNIQUE INDEX sessions_id_patient ON sessions (id, patient_id);

CREATE TABLE harm_reports (
    patient_id TEXT NOT NULL REFERENCES patients (id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    session_id TEXT NOT NULL,
    reported_at BIGINT NOT NULL,
    kind TEXT NOT NULL,
    severity TEXT NOT NULL,
    details TEXT,
    rule TEXT NOT NULL,
    urgency TEXT NOT NULL,
    action TEXT NOT NULL,
    alert_id TEXT,
    PRIMARY KEY (patient_id, id),
    FOREIGN KEY (session_id, patient_id) REFERENCES sessions (id, patient_id) ON DELETE CASCADE,
    CONSTRAINT harm_kind CHECK (kind IN ('bladder_bowel', 'other_leg', 'weakness', 'numbness', 'pain_worse', 'fall_injury', 'other')),
    CONSTRAINT harm_severity CHECK (severity IN ('mild', 'moderate', 'severe')),
    CONSTRAINT harm_details CHECK (details IS NULL OR LENGTH(details) <= 2000)
);
CREATE INDEX harm_reports_by_session ON harm_reports (patient_id, session_id, reported_at);
