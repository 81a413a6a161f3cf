-- The questionnaires a person answers at home: the PSFS, the PEG and the weekly global change
-- question join the measures a response may be of. SQLite cannot change a CHECK constraint in
-- place, so the table is copied (nothing refers to it).
CREATE TABLE measure_responses_new (
    id TEXT PRIMARY KEY,
    patient_id TEXT NOT NULL REFERENCES patients (id) ON DELETE CASCADE,
    measure TEXT NOT NULL,
    instrument_version TEXT NOT NULL,
    scoring_version TEXT NOT NULL,
    taken_at BIGINT NOT NULL,
    answers TEXT NOT NULL,
    score DOUBLE PRECISION,
    band TEXT,
    details TEXT NOT NULL,
    CONSTRAINT measure_responses_measure CHECK (measure IN ('odi', 'rmdq', 'sbi', 'sfi', 'nrs', 'startback', 'psfs', 'peg', 'global_change'))
);
INSERT INTO measure_responses_new (id, patient_id, measure, instrument_version, scoring_version, taken_at, answers, score, band, details)
    SELECT id, patient_id, measure, instrument_version, scoring_version, taken_at, answers, score, band, details FROM measure_responses;
DROP TABLE measure_responses;
ALTER TABLE measure_responses_new RENAME TO measure_responses;
CREATE INDEX measure_responses_by_patient ON measure_responses (patient_id, measure, taken_at);
