-- Enterprise direct reports (重点联系企业服务贸易直报), one row per enterprise, category and partner.
CREATE TABLE fact_enterprise_trade (
    submission_id INTEGER NOT NULL,
    row_no INTEGER NOT NULL,
    credit_code VARCHAR NOT NULL,
    name VARCHAR NOT NULL,
    category_code INTEGER NOT NULL,
    partner VARCHAR NOT NULL,          -- ISO 3166-1 alpha-3
    exports_usd DOUBLE NOT NULL,       -- 万美元
    imports_usd DOUBLE NOT NULL
);

-- The reporting unit (填报单位): enterprise workbooks supersede per region, quarter and unit.
ALTER TABLE submission ADD COLUMN unit VARCHAR;

-- Every file received, whatever became of it; the file itself is archived by sha256.
CREATE SEQUENCE receipt_id_seq START 1;
CREATE TABLE receipt (
    id INTEGER PRIMARY KEY DEFAULT nextval('receipt_id_seq'),
    sha256 VARCHAR NOT NULL,
    file_name VARCHAR NOT NULL,
    size_bytes BIGINT NOT NULL,
    received_at TIMESTAMP NOT NULL,
    received_from VARCHAR,
    kind VARCHAR,
    region_code VARCHAR,
    period VARCHAR,
    status VARCHAR NOT NULL,            -- accepted | rejected | duplicate | refused
    submission_id INTEGER,
    errors INTEGER NOT NULL DEFAULT 0,
    warnings INTEGER NOT NULL DEFAULT 0,
    problems VARCHAR                    -- JSON list of the problems reported
);

CREATE VIEW v_enterprise_trade AS
SELECT s.region_code, s.period, s.period_seq, s.unit, f.* FROM fact_enterprise_trade f JOIN v_latest_submission s ON s.id = f.submission_id;
