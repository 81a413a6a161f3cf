-- The answers of a screen in progress in the browser, one page at a time, so a closed tab loses
-- nothing; removed when the screen is saved.
CREATE TABLE screen_drafts (
    patient_id TEXT PRIMARY KEY REFERENCES patients (id) ON DELETE CASCADE,
    updated_at BIGINT NOT NULL,
    draft TEXT NOT NULL
);
