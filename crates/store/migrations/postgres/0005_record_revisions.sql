-- Each write of a patient's record raises its revision, so a reader holding the record of that
-- revision in memory need not read or parse it again.
ALTER TABLE patient_records ADD COLUMN rev BIGINT NOT NULL DEFAULT 0;
