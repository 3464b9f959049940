/**
 * Bad input from the user (flags, a config file, a capture, a recording): the message says all
 * they need, so the CLI prints it without a stack trace and exits 2. One small base class so the
 * CLI can tell these apart without loading the modules that throw them.
 */
export class InputError extends Error {}
