-- Dimensions: refreshed from reference/ at every start (see warehouse/dimensions.py).
CREATE TABLE dim_region (
    code VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL UNIQUE,
    kind VARCHAR NOT NULL,
    province VARCHAR NOT NULL,
    seq INTEGER NOT NULL
);
CREATE TABLE dim_quarter (
    period VARCHAR PRIMARY KEY,      -- 2019Q4
    label VARCHAR NOT NULL,          -- 2019年第四季度
    year INTEGER NOT NULL,
    quarter INTEGER NOT NULL,
    start_date DATE NOT NULL,
    end_date DATE NOT NULL,
    deadline DATE NOT NULL,
    seq INTEGER NOT NULL
);
CREATE TABLE dim_task_area (code INTEGER PRIMARY KEY, name VARCHAR NOT NULL);
CREATE TABLE dim_task (
    code VARCHAR PRIMARY KEY,
    area INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    text VARCHAR NOT NULL,
    guarantee_measures VARCHAR[] NOT NULL,
    responsible_units VARCHAR NOT NULL,
    carried_by VARCHAR NOT NULL
);
CREATE TABLE dim_task_region (task_code VARCHAR NOT NULL, region_code VARCHAR NOT NULL, PRIMARY KEY (task_code, region_code));
CREATE TABLE dim_opening_measure (
    code VARCHAR PRIMARY KEY,
    field VARCHAR NOT NULL,
    industry VARCHAR NOT NULL,
    text VARCHAR NOT NULL,
    current_rules VARCHAR NOT NULL
);
CREATE TABLE dim_measure_region (measure_code VARCHAR NOT NULL, region_code VARCHAR NOT NULL, PRIMARY KEY (measure_code, region_code));
CREATE TABLE dim_service_category (
    code INTEGER PRIMARY KEY,
    name_zh VARCHAR NOT NULL,
    name_en VARCHAR NOT NULL,
    knowledge_intensive BOOLEAN NOT NULL,
    digitally_deliverable BOOLEAN NOT NULL
);
CREATE TABLE dim_exchange_rate (year INTEGER PRIMARY KEY, cny_per_usd DOUBLE NOT NULL);

-- One row per accepted workbook. Rejected workbooks change nothing here.
CREATE SEQUENCE submission_id_seq START 1;
CREATE TABLE submission (
    id INTEGER PRIMARY KEY DEFAULT nextval('submission_id_seq'),
    kind VARCHAR NOT NULL,                 -- region
    region_code VARCHAR NOT NULL,
    period VARCHAR NOT NULL,
    file_name VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL,
    received_at TIMESTAMP NOT NULL,        -- timeliness is judged on this, never on 填报日期
    received_from VARCHAR,
    backfilled BOOLEAN NOT NULL DEFAULT FALSE,
    status VARCHAR NOT NULL,               -- accepted | superseded
    supersedes INTEGER,                    -- the submission this one replaced
    template_version VARCHAR,
    filler VARCHAR,
    contact VARCHAR,
    phone VARCHAR,
    filled_date DATE,
    loaded_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);

CREATE TABLE fact_task_progress (
    submission_id INTEGER NOT NULL,
    row_no INTEGER NOT NULL,
    task_code VARCHAR NOT NULL,
    measure VARCHAR NOT NULL,
    planned_date DATE,
    status VARCHAR NOT NULL,
    completed_date DATE,
    progress_note VARCHAR,
    evidence VARCHAR
);
CREATE TABLE fact_measure_status (
    submission_id INTEGER NOT NULL,
    row_no INTEGER NOT NULL,
    measure_code VARCHAR NOT NULL,
    status VARCHAR NOT NULL,
    landed_date DATE,
    case_text VARCHAR,
    beneficiaries INTEGER
);
CREATE TABLE fact_trade (
    submission_id INTEGER NOT NULL,
    row_no INTEGER NOT NULL,
    category_code INTEGER NOT NULL,
    exports DOUBLE NOT NULL,           -- 万元
    imports DOUBLE NOT NULL,
    exports_prev DOUBLE,               -- 上年同期, 万元
    imports_prev DOUBLE
);
CREATE TABLE fact_experience (
    submission_id INTEGER NOT NULL,
    row_no INTEGER NOT NULL,
    title VARCHAR NOT NULL,
    area INTEGER NOT NULL,
    case_type VARCHAR NOT NULL,
    practice VARCHAR NOT NULL,
    effect VARCHAR
);
CREATE TABLE fact_key_enterprise (
    submission_id INTEGER NOT NULL,
    row_no INTEGER NOT NULL,
    credit_code VARCHAR NOT NULL,
    name VARCHAR NOT NULL,
    main_category INTEGER NOT NULL,
    nature VARCHAR NOT NULL
);
