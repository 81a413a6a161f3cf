-- Clinician time recorded against a patient: minutes a clinician spent on the patient's care
-- (reviewing data, messages, calls), dated on the patient's calendar. Clinics that bill remote
-- therapeutic monitoring count these minutes per month. The clinician's id is kept after their
-- account is gone only as NULL; the rows go with the patient.

CREATE TABLE clinician_time (
    id TEXT PRIMARY KEY,
    patient_id TEXT NOT NULL REFERENCES patients (id) ON DELETE CASCADE,
    clinician_id TEXT REFERENCES users (id) ON DELETE SET NULL,
    local_date TEXT NOT NULL,
    minutes BIGINT NOT NULL,
    note TEXT NOT NULL,
    recorded_at BIGINT NOT NULL,
    CONSTRAINT clinician_time_minutes CHECK (minutes BETWEEN 1 AND 600),
    CONSTRAINT clinician_time_note_length CHECK (LENGTH(note) <= 500)
);
CREATE INDEX clinician_time_by_patient ON clinician_time (patient_id, local_date);
