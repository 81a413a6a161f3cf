-- The questionnaires a person answers at home: the PSFS, the PEG and the weekly global change
-- question join the measures a response may be of. (SQLite copies the table to change the
-- constraint; PostgreSQL changes it in place.)
ALTER TABLE measure_responses DROP CONSTRAINT measure_responses_measure;
ALTER TABLE measure_responses ADD CONSTRAINT measure_responses_measure
    CHECK (measure IN ('odi', 'rmdq', 'sbi', 'sfi', 'nrs', 'startback', 'psfs', 'peg', 'global_change'));
