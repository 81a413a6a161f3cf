-- Each patient's record (sciatica_core::record::Record) as JSON, updated in the same transaction
-- as every event that changes it, so a request reads one row instead of rebuilding it from the
-- history. A missing row, or one of another version, is rebuilt from the history on read.
CREATE TABLE patient_records (
    patient_id TEXT PRIMARY KEY REFERENCES patients (id) ON DELETE CASCADE,
    version BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    record TEXT NOT NULL
);

-- The newest sessions of a person, by id and by start (bounded reads of the log).
CREATE INDEX sessions_by_patient_newest ON sessions (patient_id, started_at DESC, id DESC);
CREATE INDEX alerts_by_patient ON alerts (patient_id, raised_at);
