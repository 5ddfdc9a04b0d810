-- Experience items the office has marked 已复制推广 (adopted for national promotion), by region and
-- normalised item name (spaces and punctuation removed), so a re-sent item keeps its mark.
CREATE TABLE experience_adoption (
    region_code VARCHAR NOT NULL,
    title_key VARCHAR NOT NULL,
    marked_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    marked_by VARCHAR,
    PRIMARY KEY (region_code, title_key)
);
