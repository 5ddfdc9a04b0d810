-- The office's decisions, each kept as a history that is only ever appended to (the latest row wins):
-- approving (and unlocking) a region's quarter, opening/closing a reporting quarter and moving its deadline, and
-- the composite score's weights. Every row names who made it, when and from where; each write also has its row in
-- audit_log, in the same transaction.

-- Approval (审核确认) of a region's quarter, as DHIS2 approves a data set: while the latest event of a region and
-- quarter is 'approve', its workbooks of either kind are refused at upload, and the "approved data only" view
-- counts it; 'unlock' (with a reason) opens it again.
CREATE SEQUENCE approval_event_id_seq START 1;
CREATE TABLE approval_event (
    id INTEGER PRIMARY KEY DEFAULT nextval('approval_event_id_seq'),
    region_code VARCHAR NOT NULL,
    period VARCHAR NOT NULL,            -- 2019Q4
    action VARCHAR NOT NULL,            -- approve | unlock
    event_at TIMESTAMP NOT NULL,
    username VARCHAR NOT NULL,
    display_name VARCHAR NOT NULL,      -- as the refusal at upload names the approver
    role VARCHAR,
    address VARCHAR,
    reason VARCHAR                      -- required for unlock
);

-- A reporting quarter's state after each change: open to uploads or closed, and its deadline (NULL: the catalog's,
-- reference/round.toml's deadline_day).
CREATE SEQUENCE quarter_setting_id_seq START 1;
CREATE TABLE quarter_setting (
    id INTEGER PRIMARY KEY DEFAULT nextval('quarter_setting_id_seq'),
    period VARCHAR NOT NULL,
    is_open BOOLEAN NOT NULL,
    deadline DATE,
    changed_at TIMESTAMP NOT NULL,
    username VARCHAR NOT NULL,
    display_name VARCHAR NOT NULL,
    role VARCHAR,
    address VARCHAR,
    reason VARCHAR
);

-- The composite score's weights the office set ({indicator: weight}, JSON); applied over the configuration file's.
CREATE SEQUENCE score_weights_id_seq START 1;
CREATE TABLE score_weights (
    id INTEGER PRIMARY KEY DEFAULT nextval('score_weights_id_seq'),
    weights VARCHAR NOT NULL,
    changed_at TIMESTAMP NOT NULL,
    username VARCHAR NOT NULL,
    display_name VARCHAR NOT NULL,
    role VARCHAR,
    address VARCHAR
);
