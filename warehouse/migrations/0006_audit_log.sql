-- Who did what, when and from where: sign-ins (and failed ones), uploads, approvals and unlocks, weight changes,
-- adoption marks, account changes, exports. Append-only: the platform only ever inserts into it
-- (tests/test_audit.py checks that no code updates or deletes a row).
CREATE SEQUENCE audit_id_seq START 1;
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY DEFAULT nextval('audit_id_seq'),
    logged_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    username VARCHAR NOT NULL,         -- the account, or a tried name for a failed sign-in
    role VARCHAR,
    address VARCHAR,                   -- the client's IP address as the server saw it
    action VARCHAR NOT NULL,           -- login | login_failed | logout | upload | approve | unlock | weights | adoption | account | export | refused
    target VARCHAR,                    -- what it was about: a region and quarter, a file, an account, a chart
    detail VARCHAR                     -- JSON
);
