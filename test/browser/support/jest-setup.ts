// A page load in Chromium on a shared 2-core machine can take seconds: this only bounds a hang,
// no test asserts on time.
jest.setTimeout(120_000);
