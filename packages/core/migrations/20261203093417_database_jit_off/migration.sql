-- PostgreSQL compiles a statement with LLVM (JIT) once its estimated cost passes jit_above_cost,
-- which sanshe's aggregates over a whole district pass: at 100k rows, compiling took 105 ms of a
-- 113 ms indicator statement, on every call, and the district's indicators took 185 ms instead
-- of 83. sanshe's statements are short and many, the case JIT makes slower, so its database has
-- JIT off for every session that opens it afterwards (the gateway's pool, the CLI, a connection
-- pooler's sessions alike; `ALTER DATABASE ... RESET jit` undoes it). Only the database's owner
-- may set this: a migration run by another role leaves JIT as it is, with a notice.
DO $$
BEGIN
  EXECUTE format('ALTER DATABASE %I SET jit = off', current_database());
EXCEPTION WHEN insufficient_privilege THEN
  RAISE NOTICE 'sanshe: JIT stays as it is (only the owner of database % may turn it off)', current_database();
END
$$;
