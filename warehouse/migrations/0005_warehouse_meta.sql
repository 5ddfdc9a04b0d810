-- Facts about the warehouse itself. data_version: a new random value at every commit (restores included),
-- so a cache keyed on it never shows figures the warehouse no longer holds. catalog: the fingerprint of the
-- catalog in the dim_* tables, so opening the warehouse rewrites them only when reference/ changed.
CREATE TABLE warehouse_meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL);
INSERT INTO warehouse_meta VALUES ('data_version', uuid()::VARCHAR), ('catalog', '');
