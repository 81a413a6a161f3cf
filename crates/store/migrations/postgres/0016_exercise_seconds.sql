-- What was really done of an activity timed in minutes (a walk, the bike): the seconds the
-- player's timer ran. NULL for exercises counted in repetitions or holds, and for sessions logged
-- before it was kept.
ALTER TABLE session_exercises ADD COLUMN seconds_done BIGINT
    CONSTRAINT session_exercises_seconds CHECK (seconds_done BETWEEN 0 AND 86400);
