-- For each region and period, the figures of the latest accepted submission.
-- Loading marks the submission it replaces as superseded, so "accepted" is the latest.
CREATE VIEW v_latest_submission AS
SELECT s.*, q.seq AS period_seq, q.end_date AS period_end, q.deadline
FROM submission s JOIN dim_quarter q ON q.period = s.period
WHERE s.status = 'accepted';

CREATE VIEW v_task_progress AS
SELECT s.region_code, s.period, s.period_seq, f.* FROM fact_task_progress f JOIN v_latest_submission s ON s.id = f.submission_id;
CREATE VIEW v_measure_status AS
SELECT s.region_code, s.period, s.period_seq, f.* FROM fact_measure_status f JOIN v_latest_submission s ON s.id = f.submission_id;
CREATE VIEW v_trade AS
SELECT s.region_code, s.period, s.period_seq, f.* FROM fact_trade f JOIN v_latest_submission s ON s.id = f.submission_id;
CREATE VIEW v_experience AS
SELECT s.region_code, s.period, s.period_seq, f.* FROM fact_experience f JOIN v_latest_submission s ON s.id = f.submission_id;
CREATE VIEW v_key_enterprise AS
SELECT s.region_code, s.period, s.period_seq, f.* FROM fact_key_enterprise f JOIN v_latest_submission s ON s.id = f.submission_id;
