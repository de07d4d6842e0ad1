-- Run by BeelineIT through beeline 3.1.3: a temporary view, a query on it, then a statement that fails.
CREATE OR REPLACE TEMPORARY VIEW beeline_squares AS SELECT id, id * id AS square FROM range(1, 6);
SELECT id, square FROM beeline_squares ORDER BY id;
SELECT no_such_column FROM beeline_squares;
