-- The office's rollbacks: an earlier accepted submission of a kind, region, quarter and unit made current again.
-- The submission current until then is marked superseded (submission.status), nothing is deleted; each rollback is
-- one row here, never changed, so a view as of a moment (warehouse/latest.py) counts it only from rolled_back_at on.
-- after_submission: the highest submission id when it was made, placing it among the loads (a load supersedes the
-- one current before it, whether that came from a load or a rollback).
CREATE SEQUENCE submission_rollback_id_seq START 1;
CREATE TABLE submission_rollback (
    id INTEGER PRIMARY KEY DEFAULT nextval('submission_rollback_id_seq'),
    rolled_back_at TIMESTAMP NOT NULL,
    kind VARCHAR NOT NULL,
    region_code VARCHAR NOT NULL,
    period VARCHAR NOT NULL,
    unit VARCHAR,                      -- enterprise workbooks: the reporting unit; NULL for region workbooks
    submission_id INTEGER NOT NULL,    -- made current again
    superseded_id INTEGER,             -- the one current until then
    after_submission INTEGER NOT NULL,
    reason VARCHAR NOT NULL,
    username VARCHAR NOT NULL
);
