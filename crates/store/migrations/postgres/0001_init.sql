-- The first schema (PostgreSQL; the same tables, columns and constraints as migrations/sqlite).
-- Portable column types only (TEXT, BIGINT, DOUBLE PRECISION): ids are UUIDv7
-- text, instants BIGINT Unix milliseconds, calendar dates 'YYYY-MM-DD' text, flags 0/1 BIGINT.

CREATE TABLE patients (
    id TEXT PRIMARY KEY,
    display_name TEXT,
    time_zone TEXT NOT NULL,
    morning_time TEXT NOT NULL,
    evening_time TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    CONSTRAINT patients_display_name_length CHECK (display_name IS NULL OR LENGTH(display_name) <= 100)
);

CREATE TABLE screenings (
    id TEXT PRIMARY KEY,
    patient_id TEXT NOT NULL REFERENCES patients (id) ON DELETE CASCADE,
    taken_at BIGINT NOT NULL,
    answers TEXT NOT NULL,
    urgency TEXT NOT NULL,
    action TEXT NOT NULL,
    rules TEXT NOT NULL,
    result TEXT NOT NULL,
    CONSTRAINT screenings_urgency CHECK (urgency IN ('self_manage', 'see_clinician_soon', 'same_day', 'emergency_now')),
    CONSTRAINT screenings_action CHECK (action IN ('continue', 'regress', 'general_gentle', 'hold', 'none_hold'))
);
CREATE INDEX screenings_by_patient ON screenings (patient_id, taken_at);

CREATE TABLE acknowledgements (
    id TEXT PRIMARY KEY,
    patient_id TEXT NOT NULL REFERENCES patients (id) ON DELETE CASCADE,
    acknowledged_at BIGINT NOT NULL,
    by_role TEXT NOT NULL,
    note TEXT NOT NULL,
    CONSTRAINT acknowledgements_by_role CHECK (by_role IN ('self', 'clinician')),
    CONSTRAINT acknowledgements_note_length CHECK (LENGTH(note) <= 2000)
);
CREATE INDEX acknowledgements_by_patient ON acknowledgements (patient_id, acknowledged_at);

CREATE TABLE programs (
    id TEXT PRIMARY KEY,
    patient_id TEXT NOT NULL REFERENCES patients (id) ON DELETE CASCADE,
    cause TEXT NOT NULL,
    cleared BIGINT NOT NULL,
    phase BIGINT NOT NULL,
    started_on TEXT NOT NULL,
    phase_started_on TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    ended_at BIGINT,
    reason TEXT NOT NULL,
    set_by TEXT NOT NULL,
    trials TEXT NOT NULL,
    CONSTRAINT programs_cause CHECK (cause IN ('disc_herniation', 'spinal_stenosis', 'degenerative_disc', 'isthmic_spondylolisthesis', 'piriformis', 'si_joint', 'undiagnosed')),
    CONSTRAINT programs_cleared CHECK (cleared IN (0, 1)),
    CONSTRAINT programs_phase CHECK (phase BETWEEN 1 AND 3),
    CONSTRAINT programs_set_by CHECK (set_by IN ('self', 'clinician', 'system'))
);
CREATE INDEX programs_by_patient ON programs (patient_id, created_at);
CREATE UNIQUE INDEX programs_one_current ON programs (patient_id) WHERE ended_at IS NULL;

CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    patient_id TEXT NOT NULL REFERENCES patients (id) ON DELETE CASCADE,
    program_id TEXT REFERENCES programs (id) ON DELETE SET NULL,
    slot TEXT NOT NULL,
    local_date TEXT NOT NULL,
    started_at BIGINT NOT NULL,
    ended_at BIGINT NOT NULL,
    leg_pain_before BIGINT,
    leg_pain_after BIGINT,
    back_pain_before BIGINT,
    back_pain_after BIGINT,
    left_before BIGINT,
    left_after BIGINT,
    left_later BIGINT,
    right_before BIGINT,
    right_after BIGINT,
    right_later BIGINT,
    walking_minutes BIGINT,
    sitting_minutes BIGINT,
    cannot_cope BIGINT NOT NULL,
    stopped BIGINT NOT NULL,
    regression_applied BIGINT NOT NULL,
    notes TEXT,
    created_at BIGINT NOT NULL,
    CONSTRAINT sessions_slot CHECK (slot IN ('morning', 'evening', 'extra')),
    CONSTRAINT sessions_times CHECK (ended_at >= started_at),
    CONSTRAINT sessions_leg_pain_before CHECK (leg_pain_before BETWEEN 0 AND 10),
    CONSTRAINT sessions_leg_pain_after CHECK (leg_pain_after BETWEEN 0 AND 10),
    CONSTRAINT sessions_back_pain_before CHECK (back_pain_before BETWEEN 0 AND 10),
    CONSTRAINT sessions_back_pain_after CHECK (back_pain_after BETWEEN 0 AND 10),
    CONSTRAINT sessions_left_before CHECK (left_before BETWEEN 0 AND 6),
    CONSTRAINT sessions_left_after CHECK (left_after BETWEEN 0 AND 6),
    CONSTRAINT sessions_left_later CHECK (left_later BETWEEN 0 AND 6),
    CONSTRAINT sessions_right_before CHECK (right_before BETWEEN 0 AND 6),
    CONSTRAINT sessions_right_after CHECK (right_after BETWEEN 0 AND 6),
    CONSTRAINT sessions_right_later CHECK (right_later BETWEEN 0 AND 6),
    CONSTRAINT sessions_walking_minutes CHECK (walking_minutes BETWEEN 0 AND 600),
    CONSTRAINT sessions_sitting_minutes CHECK (sitting_minutes BETWEEN 0 AND 1440),
    CONSTRAINT sessions_cannot_cope CHECK (cannot_cope IN (0, 1)),
    CONSTRAINT sessions_stopped CHECK (stopped IN (0, 1)),
    CONSTRAINT sessions_regression_applied CHECK (regression_applied IN (0, 1)),
    CONSTRAINT sessions_notes_length CHECK (notes IS NULL OR LENGTH(notes) <= 2000)
);
CREATE INDEX sessions_by_patient ON sessions (patient_id, started_at);

CREATE TABLE session_exercises (
    session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    exercise_id TEXT NOT NULL,
    sets_done BIGINT NOT NULL,
    reps_done BIGINT NOT NULL,
    hold_seconds BIGINT,
    completed BIGINT NOT NULL,
    response TEXT,
    PRIMARY KEY (session_id, position),
    CONSTRAINT session_exercises_sets CHECK (sets_done BETWEEN 0 AND 20),
    CONSTRAINT session_exercises_reps CHECK (reps_done BETWEEN 0 AND 200),
    CONSTRAINT session_exercises_hold CHECK (hold_seconds BETWEEN 0 AND 3600),
    CONSTRAINT session_exercises_completed CHECK (completed IN (0, 1)),
    CONSTRAINT session_exercises_response CHECK (response IN ('moved_up', 'no_change', 'moved_down'))
);

CREATE TABLE measure_responses (
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
    CONSTRAINT measure_responses_measure CHECK (measure IN ('odi', 'rmdq', 'sbi', 'sfi', 'nrs', 'startback'))
);
CREATE INDEX measure_responses_by_patient ON measure_responses (patient_id, measure, taken_at);

CREATE TABLE alerts (
    id TEXT PRIMARY KEY,
    patient_id TEXT NOT NULL REFERENCES patients (id) ON DELETE CASCADE,
    rule TEXT NOT NULL,
    parts TEXT NOT NULL,
    raised_at BIGINT NOT NULL,
    resolved_at BIGINT,
    resolution TEXT
);
CREATE UNIQUE INDEX alerts_one_open_per_rule ON alerts (patient_id, rule) WHERE resolved_at IS NULL;

CREATE TABLE session_drafts (
    patient_id TEXT PRIMARY KEY REFERENCES patients (id) ON DELETE CASCADE,
    updated_at BIGINT NOT NULL,
    draft TEXT NOT NULL
);
