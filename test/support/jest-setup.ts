// Starting a hub runs its migrations, and on a busy two-core CI machine with PostgreSQL that can
// pass jest's 5 s default. This only bounds a hang: no test asserts on time.
jest.setTimeout(30_000);
